using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using KlingO1.Prompts;

namespace KlingO1
{
    /// <summary>
    /// Rules across a request's kinds of media: how many images and elements it may carry, which frames go
    /// together, what a reference video excludes, and which durations the service takes.
    /// </summary>
    internal static class CompositionRules
    {
        /// <summary>Images and elements together, without a reference video.</summary>
        public const int MaxReferences = 7;

        /// <summary>Images and elements together, with a reference video.</summary>
        public const int MaxReferencesWithVideo = 4;

        /// <exception cref="ArgumentException">The combination breaks a rule; the message names which.</exception>
        public static void Check(IReadOnlyList<KlingImageSource> images, IReadOnlyList<SubjectElement> elements, ReferenceVideo? video)
        {
            var limit = video is null ? MaxReferences : MaxReferencesWithVideo;
            if (images.Count + elements.Count > limit)
            {
                var what = elements.Count == 0
                    ? PromptRules.Count(images.Count, "image")
                    : $"{PromptRules.Count(images.Count, "image")} and {PromptRules.Count(elements.Count, "element")}";
                throw new ArgumentException(
                    video is null
                        ? $"The request has {what}; Kling accepts at most {Number(limit)} images and elements together."
                        : $"The request has {what} besides its reference video; with a reference video Kling accepts at most {Number(limit)} images and elements together.",
                    "images");
            }

            var firstFrames = images.Count(i => i.Role == ImageRole.FirstFrame);
            var endFrames = images.Count(i => i.Role == ImageRole.EndFrame);
            if (firstFrames > 1 || endFrames > 1)
            {
                throw new ArgumentException(
                    $"The request has {Number(firstFrames)} first frames and {Number(endFrames)} end frames; a clip has at most one of each.", "images");
            }

            if (endFrames == 1 && firstFrames == 0)
            {
                throw new ArgumentException(
                    "The request has an end frame but no first frame; Kling needs a first frame to use an end frame. Add one "
                    + "(KlingImageSource.AsFirstFrame, or PromptBuilder.FirstFrame), or use the image as a plain reference.",
                    "images");
            }

            if (video is { Type: ReferenceVideoType.Base } && firstFrames + endFrames > 0)
            {
                throw new ArgumentException(
                    "The reference video is the video to edit (ReferenceVideoType.Base), so the clip cannot also be given a first or end "
                    + "frame. Use ReferenceVideoType.Feature to borrow the video's motion or style, or drop the frames.",
                    "video");
            }
        }

        /// <summary>Tells why a duration is not one the service's page lists (3 to 10 seconds), or returns null.</summary>
        /// <remarks>
        /// The current generation page lists 3 to 10 seconds for every kind of request. Kling's own API keeps
        /// text-to-video and first-frame clips at 5 or 10 seconds; the service we call does not say so, so that rule is
        /// left to it. The original request shape carries 5 or 10 only (see <see cref="RequestShapeRules"/>).
        /// </remarks>
        public static string? DurationProblem(VideoDuration duration)
            => duration.Seconds is < VideoDuration.MinSeconds or > VideoDuration.MaxSeconds
                ? $"Kling Video O1 makes clips of 3 to 10 seconds, not {duration}."
                : null;

        private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
