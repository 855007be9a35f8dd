using System;
using System.Collections.Generic;
using System.Globalization;

namespace KlingO1.Cli
{
    /// <summary>The parsed command line: a command, its positional values and its options.</summary>
    internal sealed class CliArguments
    {
        public const string Usage = """
            Usage:
              kling generate "<prompt>" [--image <path-or-url>]... [--mode std|pro] [--duration 5|10]
                                        [--aspect 16:9|9:16|1:1] [--out video.mp4]
              kling status <task-id>       show a task
              kling wait <task-id>         wait for a task to finish, with progress
              kling download <task-id> [--out video.mp4]
              kling upload <image-file>    upload a local image, print its URL
            Options:
              --api-key <key>   the ToAPIs API key (default: the TOAPIS_API_KEY environment variable).
                                Without a key, `generate` runs on the built-in offline simulator.
            """;

        private static readonly HashSet<string> ValueOptions = new(StringComparer.Ordinal)
        {
            "--image", "--mode", "--duration", "--aspect", "--out", "--api-key",
        };

        private CliArguments(string command)
        {
            Command = command;
        }

        public string Command { get; }

        public List<string> Positional { get; } = new();

        public List<string> Images { get; } = new();

        public string? Mode { get; private set; }

        public int? Duration { get; private set; }

        public string? Aspect { get; private set; }

        public string? Out { get; private set; }

        public string? ApiKey { get; private set; }

        /// <exception cref="CliUsageException">The command line cannot be understood.</exception>
        public static CliArguments Parse(IReadOnlyList<string> args)
        {
            if (args.Count == 0 || args[0] is "-h" or "--help" or "help")
            {
                throw new CliUsageException("Tell kling what to do.");
            }

            var parsed = new CliArguments(args[0]);
            for (var i = 1; i < args.Count; i++)
            {
                var arg = args[i];
                if (!arg.StartsWith("--", StringComparison.Ordinal))
                {
                    parsed.Positional.Add(arg);
                    continue;
                }

                if (!ValueOptions.Contains(arg))
                {
                    throw new CliUsageException($"Unknown option {arg}.");
                }

                if (i + 1 >= args.Count)
                {
                    throw new CliUsageException($"{arg} needs a value.");
                }

                parsed.Set(arg, args[++i]);
            }

            return parsed;
        }

        /// <summary>Returns the single positional value the command needs.</summary>
        /// <exception cref="CliUsageException">It is missing, or there are more.</exception>
        public string Single(string what)
        {
            if (Positional.Count == 0 || string.IsNullOrWhiteSpace(Positional[0]))
            {
                throw new CliUsageException($"kling {Command} needs {what}.");
            }

            if (Positional.Count > 1)
            {
                throw new CliUsageException($"kling {Command} takes one {what}; quote it if it has spaces (got {Positional.Count} values).");
            }

            return Positional[0];
        }

        private void Set(string option, string value)
        {
            switch (option)
            {
                case "--image":
                    Images.Add(value);
                    break;
                case "--mode":
                    Mode = value is "std" or "pro" ? value : throw new CliUsageException($"Unknown mode \"{value}\": use std (720P) or pro (1080P).");
                    break;
                case "--duration":
                    Duration = value is "5" or "10"
                        ? int.Parse(value, CultureInfo.InvariantCulture)
                        : throw new CliUsageException($"Unknown duration \"{value}\": use 5 or 10 (seconds).");
                    break;
                case "--aspect":
                    Aspect = value is "16:9" or "9:16" or "1:1" ? value : throw new CliUsageException($"Unknown aspect ratio \"{value}\": use 16:9, 9:16 or 1:1.");
                    break;
                case "--out":
                    Out = value;
                    break;
                case "--api-key":
                    ApiKey = value;
                    break;
            }
        }
    }
}
