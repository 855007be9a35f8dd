using System;
using System.Collections.Generic;
using System.Linq;

namespace KlingO1.Cli.Requests
{
    /// <summary>
    /// What one video request is made of, as the command line (or a batch line) gives it: paths and URLs as typed, the
    /// SDK's values for the rest. <see cref="ToRequest"/> builds the SDK's request, which checks every rule before anything
    /// is uploaded or sent.
    /// </summary>
    internal sealed record RequestSpec
    {
        public required string Prompt { get; init; }

        public IReadOnlyList<string> Images { get; init; } = Array.Empty<string>();

        public string? FirstFrame { get; init; }

        public string? EndFrame { get; init; }

        public IReadOnlyList<string> Elements { get; init; } = Array.Empty<string>();

        public string? Video { get; init; }

        public ReferenceVideoType VideoType { get; init; } = ReferenceVideoType.Feature;

        /// <summary>Gets the mode, or null for the SDK's default.</summary>
        public VideoMode? Mode { get; init; }

        /// <summary>Gets the length, or null for the SDK's default.</summary>
        public VideoDuration? Duration { get; init; }

        /// <summary>Gets the aspect ratio, or null to leave it to the service.</summary>
        public AspectRatio? AspectRatio { get; init; }

        /// <summary>Builds the SDK's request: local files are uploaded when it is submitted, URLs passed on.</summary>
        /// <param name="businessId">The <c>client_business_id</c> to send, or null.</param>
        /// <exception cref="ArgumentException">The request breaks a rule (the message names it).</exception>
        /// <exception cref="System.IO.FileNotFoundException">A local file does not exist.</exception>
        public VideoGenerationRequest ToRequest(string? businessId = null)
        {
            var images = Images.Select(KlingImageSource.Parse).ToList();
            if (FirstFrame is { } first)
            {
                images.Add(KlingImageSource.Parse(first).AsFirstFrame());
            }

            if (EndFrame is { } end)
            {
                images.Add(KlingImageSource.Parse(end).AsEndFrame());
            }

            var elements = Elements.Select(e => new SubjectElement(KlingImageSource.Parse(e)));
            var video = Video is { } v ? new ReferenceVideo(KlingVideoSource.Parse(v), VideoType) : null;
            var request = new VideoGenerationRequest(Prompt, images, elements, video);
            if (Mode is { } mode)
            {
                request.Mode = mode;
            }

            if (Duration is { } duration)
            {
                request.Duration = duration;
            }

            if (AspectRatio is { } aspect)
            {
                request.AspectRatio = aspect;
            }

            if (businessId is not null)
            {
                request.ClientBusinessId = businessId;
            }

            return request;
        }
    }
}
