using System;
using KlingO1.Internal;

namespace KlingO1
{
    /// <summary>
    /// The one reference video a request may carry (sent in <c>video_list</c>, named in the prompt as
    /// <c>&lt;&lt;&lt;video_1&gt;&gt;&gt;</c>). Needs the Omni request shape (<see cref="RequestShape.Omni"/>).
    /// </summary>
    public sealed class ReferenceVideo
    {
        /// <summary>Creates a reference video.</summary>
        /// <param name="source">The video: a public URL, or a local file or stream uploaded at submit.</param>
        /// <param name="type">Whether the video is a reference for features (motion, style) or the video to edit.</param>
        /// <param name="keepOriginalSound">Whether the clip keeps the reference video's sound (sent as <c>keep_original_sound</c> <c>yes</c>/<c>no</c>).</param>
        /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="type"/> is not a defined <see cref="ReferenceVideoType"/>.</exception>
        public ReferenceVideo(KlingVideoSource source, ReferenceVideoType type, bool keepOriginalSound = false)
        {
            Source = Guard.NotNull(source);
            Type = type is ReferenceVideoType.Feature or ReferenceVideoType.Base
                ? type
                : throw new ArgumentOutOfRangeException(nameof(type), type, "Use ReferenceVideoType.Feature or ReferenceVideoType.Base.");
            KeepOriginalSound = keepOriginalSound;
        }

        /// <summary>Gets the video.</summary>
        public KlingVideoSource Source { get; }

        /// <summary>Gets how the model uses the video.</summary>
        public ReferenceVideoType Type { get; }

        /// <summary>Gets a value indicating whether the clip keeps the reference video's sound.</summary>
        public bool KeepOriginalSound { get; }

        /// <inheritdoc />
        public override string ToString() => $"{Source} ({(Type == ReferenceVideoType.Base ? "base" : "feature")})";
    }
}
