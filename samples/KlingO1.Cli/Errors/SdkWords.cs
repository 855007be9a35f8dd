using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using KlingO1.Cli.Options;

namespace KlingO1.Cli.Errors
{
    /// <summary>
    /// Puts the SDK's messages, written for C# callers ("use ReferenceVideoType.Feature", "resume with
    /// WaitForCompletionAsync(...)"), in the CLI's words ("--video-type feature", "kling wait ..."), so no message of the
    /// CLI names an SDK type or method. The values come from <see cref="Choices"/>, so they follow the SDK's types.
    /// </summary>
    internal static class SdkWords
    {
        private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

        // Whole phrases first (their advice is the SDK's way, the replacement the CLI's), then single names.
        private static readonly (string Sdk, string Cli)[] Phrases =
        {
            ("this client is set to the original shape (image_urls), which would drop them. Set KlingVideoClientOptions.RequestShape to RequestShape.Auto or RequestShape.Omni.",
                "--shape image-urls (the original shape) would drop them: leave out --shape, or pass --shape omni."),
            ("(KlingImageSource.AsFirstFrame, or PromptBuilder.FirstFrame)", "with --first-frame"),
            ("Pass the images with the prompt (or use PromptBuilder.Image)", "Pass them with --image"),
            ("Pass the elements with the prompt (or use PromptBuilder.Element)", "Pass them with --element"),
            ("Pass the videos with the prompt (or use PromptBuilder.Video)", "Pass it with --video"),
            ("upload the file with POST /v1/uploads/images and pass the returned URL instead", "give the file's path instead (it is uploaded), or upload it with `kling upload <file>`"),
            ("upload the file with POST /v1/uploads/videos and pass the returned URL instead", "give the file's path instead (it is uploaded), or upload it with `kling upload <file>`"),
            ("wait for it with WaitForCompletionAsync, then download the task it returns", "wait for it with `kling wait <task-id>`, then download it"),
            ("read it again with GetTaskAsync", "read it again with `kling status <task-id>`"),
            (" Without a ClientBusinessId the task cannot be looked up: check your ToAPIs task list before submitting again, and set ClientBusinessId (or KlingVideoClientOptions.GenerateClientBusinessIds) to make this recoverable.",
                " Check your ToAPIs task list before submitting again."),
            ("KlingVideoClientOptions.ApiKey", "--api-key (or TOAPIS_API_KEY)"),
            ("KlingVideoClientOptions.BaseAddress", "--base-url (or TOAPIS_BASE_URL)"),
        };

        private static readonly Regex Wait = new(@"WaitForCompletionAsync\(""(?<id>[^""]+)""\)", RegexOptions.CultureInvariant, MatchTimeout);
        private static readonly Regex Lookup = new(@"GetTaskAsync\(""(?<id>[^""]+)""\)", RegexOptions.CultureInvariant, MatchTimeout);
        private static readonly Regex Parameter = new(@" \(Parameter '[^']*'\)", RegexOptions.CultureInvariant, MatchTimeout);

        private static readonly Lazy<(string Sdk, string Cli)[]> Names = new(() => ValueNames().OrderByDescending(n => n.Sdk.Length).ToArray());

        /// <summary>Returns <paramref name="message"/> in the CLI's words.</summary>
        public static string Translate(string message)
        {
            var text = Parameter.Replace(message, string.Empty);
            foreach (var (sdk, cli) in Phrases)
            {
                text = text.Replace(sdk, cli, StringComparison.Ordinal);
            }

            text = Wait.Replace(text, match => $"`kling wait {match.Groups["id"].Value}`");
            text = Lookup.Replace(text, match => $"`kling status {match.Groups["id"].Value}`");
            foreach (var (sdk, cli) in Names.Value)
            {
                text = text.Replace(sdk, cli, StringComparison.Ordinal);
            }

            return text;
        }

        /// <summary>The SDK's names of the values options take, with the option that gives each.</summary>
        private static IEnumerable<(string Sdk, string Cli)> ValueNames()
        {
            foreach (var mode in Choices.Modes)
            {
                yield return (mode.SdkName, "--mode " + mode.Word);
            }

            foreach (var ratio in Choices.AspectRatios)
            {
                yield return (ratio.SdkName, "--aspect " + ratio.Word);
            }

            foreach (var duration in Choices.NamedDurations)
            {
                yield return (duration.SdkName, "--duration " + duration.Word);
            }

            foreach (var shape in Choices.Shapes)
            {
                yield return (shape.SdkName, "--shape " + shape.Word);
            }

            foreach (var type in Choices.VideoTypes)
            {
                yield return (type.SdkName, "--video-type " + type.Word);
            }
        }
    }
}
