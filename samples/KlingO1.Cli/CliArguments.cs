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
              kling generate "<prompt>" [--image <path-or-url>]... [--mode std|pro] [--duration 3..10]
                                        [--aspect 16:9|9:16|1:1] [--out video.mp4]
                                        [--first-frame <path-or-url>] [--end-frame <path-or-url>]
                                        [--element <image-path-or-url>]... [--video <path-or-url>]
                                        [--video-type feature|base] [--shape image-urls|omni]
              kling status <task-id>       show a task
              kling wait <task-id>         wait for a task to finish, with progress
              kling download <task-id> [--out video.mp4]
              kling upload <file>          upload a local image (or .mp4/.mov/.webm video), print its URL
              kling simulate [--port N] [--api-key K] [--time-scale F] [--webhook-url U --webhook-secret S]
                                           run the offline simulator as a server until Ctrl+C or SIGTERM,
                                           for other processes and languages; prints its address and key
            Options:
              --api-key <key>   the ToAPIs API key (default: the TOAPIS_API_KEY environment variable).
                                Without a key, `generate` runs on the built-in offline simulator.
                                For `simulate`, the key it accepts (default: sim_test_key).
              --base-url <url>  the service's address (default: the TOAPIS_BASE_URL environment variable,
                                else https://toapis.com/), e.g. a running `kling simulate`'s address.
              --port <n>        `simulate`'s loopback port (default 0: a free one, printed).
              --time-scale <f>  `simulate` runs f times faster than the service (default 20; 0.001 to 1000).
              --webhook-url <u>, --webhook-secret <s>
                                `simulate` posts each task's final event to u, signed with s, as the service does.
              --shape           the request body to send; frames, elements, a video and 3-10 s need omni,
                                which is chosen for you when you use them. Frames follow --image images
                                in <<<image_N>>> numbering; elements are <<<element_N>>>, the video <<<video_1>>>.
            """;

        private static readonly HashSet<string> ValueOptions = new(StringComparer.Ordinal)
        {
            "--image", "--mode", "--duration", "--aspect", "--out", "--api-key",
            "--first-frame", "--end-frame", "--element", "--video", "--video-type", "--shape",
            "--base-url", "--port", "--time-scale", "--webhook-url", "--webhook-secret",
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

        public string? FirstFrame { get; private set; }

        public string? EndFrame { get; private set; }

        public List<string> Elements { get; } = new();

        public string? Video { get; private set; }

        public ReferenceVideoType VideoType { get; private set; } = ReferenceVideoType.Feature;

        public RequestShape? Shape { get; private set; }

        public string? BaseUrl { get; private set; }

        public int? Port { get; private set; }

        public double? TimeScale { get; private set; }

        public Uri? WebhookUrl { get; private set; }

        public string? WebhookSecret { get; private set; }

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
                    Duration = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 3 and <= 10
                        ? seconds
                        : throw new CliUsageException($"Unknown duration \"{value}\": use 3 to 10 seconds.");
                    break;
                case "--first-frame":
                    FirstFrame = value;
                    break;
                case "--end-frame":
                    EndFrame = value;
                    break;
                case "--element":
                    Elements.Add(value);
                    break;
                case "--video":
                    Video = Video is null ? value : throw new CliUsageException("A request takes one reference video; --video was given twice.");
                    break;
                case "--video-type":
                    VideoType = value switch
                    {
                        "feature" => ReferenceVideoType.Feature,
                        "base" => ReferenceVideoType.Base,
                        _ => throw new CliUsageException($"Unknown video type \"{value}\": use feature (borrow motion or style) or base (edit the video)."),
                    };
                    break;
                case "--shape":
                    Shape = value switch
                    {
                        "image-urls" => RequestShape.ImageUrls,
                        "omni" => RequestShape.Omni,
                        _ => throw new CliUsageException($"Unknown request shape \"{value}\": use image-urls or omni."),
                    };
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
                case "--base-url":
                    BaseUrl = value;
                    break;
                case "--port":
                    Port = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535
                        ? port
                        : throw new CliUsageException($"Unknown port \"{value}\": use 0 to 65535 (0 picks a free one).");
                    break;
                case "--webhook-url":
                    WebhookUrl = Uri.TryCreate(value, UriKind.Absolute, out var webhook) && (webhook.Scheme == Uri.UriSchemeHttp || webhook.Scheme == Uri.UriSchemeHttps)
                        ? webhook
                        : throw new CliUsageException($"Unknown webhook URL \"{value}\": use the http(s) address of your endpoint.");
                    break;
                case "--webhook-secret":
                    WebhookSecret = string.IsNullOrWhiteSpace(value) ? throw new CliUsageException("--webhook-secret needs the secret to sign deliveries with.") : value;
                    break;
                case "--time-scale":
                    TimeScale = double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var scale)
                        && scale >= SimulatorSpeed.MinTimeScale && scale <= SimulatorSpeed.MaxTimeScale
                        ? scale
                        : throw new CliUsageException($"Unknown time scale \"{value}\": use how many times faster than the service to run, from {SimulatorSpeed.MinTimeScale.ToString(CultureInfo.InvariantCulture)} to {SimulatorSpeed.MaxTimeScale.ToString(CultureInfo.InvariantCulture)}.");
                    break;
            }
        }
    }
}
