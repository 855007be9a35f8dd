using System;
using System.Collections.Generic;
using System.Linq;
using KlingO1.Testing.Endpoints;

namespace KlingO1.Testing
{
    /// <summary>
    /// A task the simulator created: everything its submit carried, and when. Tests assert on it instead of recording
    /// what the client sent.
    /// </summary>
    public sealed class SimulatedTask
    {
        internal SimulatedTask(string id, SubmitRequestReader.Submit submit, DateTimeOffset createdAt, bool willFail)
        {
            Id = id;
            Prompt = submit.Prompt;
            Mode = submit.Mode;
            DurationSeconds = submit.Duration;
            AspectRatio = submit.AspectRatio;
            ClientBusinessId = submit.ClientBusinessId;
            CallbackUrl = submit.CallbackUrl;
            Watermark = submit.Watermark;
            UsesOmniShape = submit.Media.IsOmni;
            Images = submit.Media.Images;
            ImageUrls = Images.Select(i => i.Url).ToArray();
            Elements = submit.Media.Elements;
            ReferenceVideo = submit.Media.Video;
            Audio = submit.Media.Audio;
            RequestBody = submit.Body;
            CreatedAt = createdAt;
            WillFail = willFail;
        }

        /// <summary>Gets the task id.</summary>
        public string Id { get; }

        /// <summary>Gets the prompt as received (the service's own <c>&lt;&lt;&lt;image_1&gt;&gt;&gt;</c> prepend is not applied).</summary>
        public string Prompt { get; }

        /// <summary>Gets the mode: <c>std</c> or <c>pro</c> as received, <c>std</c> when none was sent.</summary>
        public string Mode { get; }

        /// <summary>Gets the clip length in seconds: as received, 5 when none was sent.</summary>
        public int DurationSeconds { get; }

        /// <summary>Gets the aspect ratio, when one was sent.</summary>
        public string? AspectRatio { get; }

        /// <summary>Gets the <c>client_business_id</c> the submit carried (at the top level or in <c>metadata</c>), or null.</summary>
        public string? ClientBusinessId { get; }

        /// <summary>Gets the <c>callback_url</c> the submit carried, or null.</summary>
        public string? CallbackUrl { get; }

        /// <summary>Gets <c>metadata.watermark</c> as received, or <see langword="null"/> when it was not sent.</summary>
        public bool? Watermark { get; }

        /// <summary>
        /// Gets a value indicating whether the body used the newer (Omni) shape: <c>metadata.image_list</c>,
        /// <c>metadata.element_list</c>, <c>video_list</c> or <c>audio</c>, rather than <c>image_urls</c>.
        /// </summary>
        public bool UsesOmniShape { get; }

        /// <summary>Gets the images in the order sent: references, and the first and end frames.</summary>
        public IReadOnlyList<SimulatedImage> Images { get; }

        /// <summary>Gets the URLs of <see cref="Images"/>, in order.</summary>
        public IReadOnlyList<string> ImageUrls { get; }

        /// <summary>Gets the URL of the image sent as <c>first_frame</c>, or null.</summary>
        public string? FirstFrameUrl => Images.FirstOrDefault(i => i.Type == "first_frame")?.Url;

        /// <summary>Gets the URL of the image sent as <c>end_frame</c>, or null.</summary>
        public string? EndFrameUrl => Images.FirstOrDefault(i => i.Type == "end_frame")?.Url;

        /// <summary>Gets the subject elements in the order sent.</summary>
        public IReadOnlyList<SimulatedElement> Elements { get; }

        /// <summary>Gets the reference video, or null when none was sent.</summary>
        public SimulatedVideo? ReferenceVideo { get; }

        /// <summary>Gets a value indicating whether generated audio was asked for (<c>audio: true</c>).</summary>
        public bool Audio { get; }

        /// <summary>Gets the submit's JSON body exactly as received, for anything the properties above do not show.</summary>
        public string RequestBody { get; }

        /// <summary>Gets when the task was created, by the simulator's clock.</summary>
        public DateTimeOffset CreatedAt { get; }

        /// <summary>Gets a value indicating whether the task will end as failed (its prompt carried the failure marker).</summary>
        public bool WillFail { get; }

        /// <inheritdoc />
        public override string ToString() => $"{Id} ({Mode}, {DurationSeconds} s): {Prompt}";
    }
}
