using System;
using System.CommandLine;
using KlingO1.Cli.Requests;

namespace KlingO1.Cli.Options
{
    /// <summary>The options that describe a video (`kling generate`), each with its SDK-derived values.</summary>
    internal sealed class RequestOptions
    {
        public Option<string[]> Images { get; } = new("--image", "-i")
        {
            Description = "A reference image, <<<image_N>>> in the prompt (repeatable; a local file is uploaded).",
            HelpName = "path-or-url",
        };

        public Option<VideoMode?> Mode { get; } = ModeOption();

        public Option<VideoDuration?> Duration { get; } = DurationOption();

        public Option<AspectRatio?> AspectRatio { get; } = AspectOption();

        public Option<string> FirstFrame { get; } = new("--first-frame") { Description = "The clip's first frame (an image).", HelpName = "path-or-url" };

        public Option<string> EndFrame { get; } = new("--end-frame") { Description = "The clip's end frame (needs --first-frame).", HelpName = "path-or-url" };

        public Option<string[]> Elements { get; } = new("--element", "-e")
        {
            Description = "A subject that stays the same from shot to shot, <<<element_N>>> in the prompt (repeatable).",
            HelpName = "image-path-or-url",
        };

        public Option<string> Video { get; } = new("--video")
        {
            Description = "One reference video, <<<video_1>>> in the prompt (.mp4 or .mov; a local file is uploaded).",
            HelpName = "path-or-url",
        };

        public Option<ReferenceVideoType?> VideoType { get; } = ChoiceOption.Create(
            "--video-type", null, "What the reference video is for: feature borrows its motion or style, base edits it (default: feature).", Choices.VideoTypes, "video type");

        public Option<RequestShape?> Shape { get; } = ShapeOption();

        /// <summary>Creates the `--mode` option (also a default for `kling batch`).</summary>
        public static Option<VideoMode?> ModeOption() => ChoiceOption.Create(
            "--mode", "-m", $"The generation mode, which sets resolution and price (default: {Choices.DefaultMode}).", Choices.Modes, "mode");

        /// <summary>Creates the `--duration` option (also a default for `kling batch`).</summary>
        public static Option<VideoDuration?> DurationOption()
        {
            var option = ChoiceOption.Create(
                "--duration", "-d", $"The clip's length in seconds, {Choices.DurationRange()} (default: {Choices.DefaultDuration?.Seconds}).", Choices.Durations, "duration", Choices.DurationRange() + " seconds");
            option.HelpName = "seconds";
            return option;
        }

        /// <summary>Creates the `--aspect` option (also a default for `kling batch`).</summary>
        public static Option<AspectRatio?> AspectOption() => ChoiceOption.Create(
            "--aspect", "-a", "The frame shape (default: the service's, or the reference image's).", Choices.AspectRatios, "aspect ratio");

        /// <summary>Creates the `--shape` option (also for `kling batch`).</summary>
        public static Option<RequestShape?> ShapeOption() => ChoiceOption.Create(
            "--shape",
            null,
            "The request body to send: image-urls is the original one, omni the newer one that frames, elements, a video and durations other than 5 or 10 s need (default: auto, which picks omni when the request needs it).",
            Choices.Shapes,
            "request shape");

        public void AddTo(Command command)
        {
            command.Options.Add(Images);
            command.Options.Add(Mode);
            command.Options.Add(Duration);
            command.Options.Add(AspectRatio);
            command.Options.Add(FirstFrame);
            command.Options.Add(EndFrame);
            command.Options.Add(Elements);
            command.Options.Add(Video);
            command.Options.Add(VideoType);
            command.Options.Add(Shape);
        }

        public RequestSpec Read(ParseResult parse, string prompt) => new()
        {
            Prompt = prompt,
            Images = parse.GetValue(Images) ?? Array.Empty<string>(),
            FirstFrame = parse.GetValue(FirstFrame),
            EndFrame = parse.GetValue(EndFrame),
            Elements = parse.GetValue(Elements) ?? Array.Empty<string>(),
            Video = parse.GetValue(Video),
            VideoType = parse.GetValue(VideoType) ?? ReferenceVideoType.Feature,
            Mode = parse.GetValue(Mode),
            Duration = parse.GetValue(Duration),
            AspectRatio = parse.GetValue(AspectRatio),
        };
    }
}
