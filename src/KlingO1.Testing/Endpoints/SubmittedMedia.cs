using System;
using System.Collections.Generic;

namespace KlingO1.Testing.Endpoints
{
    /// <summary>The media of a submit as the simulator read them, in either request shape.</summary>
    /// <param name="IsOmni">Whether the body used the Omni shape (<c>metadata.image_list</c> and friends).</param>
    /// <param name="Images">The images, in order.</param>
    /// <param name="Elements">The subject elements, in order.</param>
    /// <param name="Video">The reference video, or null.</param>
    /// <param name="Audio">Whether audio was asked for.</param>
    internal sealed record SubmittedMedia(
        bool IsOmni,
        IReadOnlyList<SimulatedImage> Images,
        IReadOnlyList<SimulatedElement> Elements,
        SimulatedVideo? Video,
        bool Audio)
    {
        /// <summary>Gets a value indicating whether the body carried the original <c>image_urls</c> field (even empty).</summary>
        public bool UsesImageUrls { get; init; }
    }

    /// <summary>A submit the service would refuse with HTTP 400, naming the field.</summary>
    internal sealed class SubmitRefusedException : Exception
    {
        public SubmitRefusedException(string message, string? field, string code = "invalid_request")
            : base(message)
        {
            Field = field;
            Code = code;
        }

        public string? Field { get; }

        /// <summary>Gets the error code the service answers with (<c>invalid_request</c> unless the page names another).</summary>
        public string Code { get; }
    }
}
