using System;
using System.Collections.Generic;

namespace KlingO1.Testing.Endpoints
{
    /// <summary>One image of a submit: its URL, and <c>first_frame</c>/<c>end_frame</c> or null for a reference.</summary>
    internal sealed record SubmittedImage(string Url, string? Type);

    /// <summary>The media of a submit as the simulator read them, in either request shape.</summary>
    /// <param name="IsOmni">Whether the body used the Omni shape (<c>metadata.image_list</c> and friends).</param>
    /// <param name="Images">The images, in order.</param>
    /// <param name="Elements">The URLs of the subject elements, in order.</param>
    /// <param name="VideoUrl">The reference video's URL, or null.</param>
    /// <param name="VideoReferType">The reference video's <c>refer_type</c>, or null.</param>
    /// <param name="Audio">Whether audio was asked for.</param>
    /// <param name="KeepOriginalSound">Whether the reference video's sound is kept.</param>
    internal sealed record SubmittedMedia(
        bool IsOmni,
        IReadOnlyList<SubmittedImage> Images,
        IReadOnlyList<string> Elements,
        string? VideoUrl,
        string? VideoReferType,
        bool Audio,
        bool KeepOriginalSound)
    {
        /// <summary>Gets a value indicating whether the body carried the original <c>image_urls</c> field (even empty).</summary>
        public bool UsesImageUrls { get; init; }
    }

    /// <summary>A submit the service would refuse with HTTP 400, naming the field.</summary>
    internal sealed class SubmitRefusedException : Exception
    {
        public SubmitRefusedException(string message, string? field)
            : base(message) => Field = field;

        public string? Field { get; }
    }
}
