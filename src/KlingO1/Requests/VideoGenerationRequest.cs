using System;
using System.Collections.Generic;
using System.Linq;
using KlingO1.Media;
using KlingO1.Prompts;
using KlingO1.Internal;

namespace KlingO1
{
    /// <summary>
    /// What to generate: a prompt, optional reference images (or first/end frames), subject elements and a reference
    /// video, and the clip's mode, length and shape. The constructor checks the prompt against the media and the media
    /// against each other, so a request that exists is one the service can accept.
    /// </summary>
    /// <remarks>
    /// <para>
    /// References are named in the prompt as <c>&lt;&lt;&lt;image_N&gt;&gt;&gt;</c>, <c>&lt;&lt;&lt;element_N&gt;&gt;&gt;</c>
    /// and <c>&lt;&lt;&lt;video_1&gt;&gt;&gt;</c>, N counted from 1 in the order of <see cref="Images"/> and
    /// <see cref="Elements"/>. When images are given and the prompt names none, <c>&lt;&lt;&lt;image_1&gt;&gt;&gt; </c> is
    /// put in front of it. <see cref="PromptBuilder"/> writes the references for you.
    /// </para>
    /// <para>
    /// Frames, elements, a reference video, durations other than 5 or 10 seconds and audio travel in the Omni request
    /// shape, which the default <see cref="RequestShape.Auto"/> chooses for such a request; under
    /// <see cref="RequestShape.ImageUrls"/> the client refuses them before sending.
    /// </para>
    /// </remarks>
    public sealed class VideoGenerationRequest
    {
        private VideoMode? _mode = VideoMode.Standard;
        private VideoDuration? _duration = VideoDuration.FiveSeconds;
        private AspectRatio? _aspectRatio;
        private string? _clientBusinessId;
        private Uri? _callbackUrl;
        private bool _generateAudio;

        /// <summary>Creates a text-to-video request.</summary>
        /// <param name="prompt">What the video shows, at most 2,500 characters.</param>
        /// <exception cref="ArgumentNullException"><paramref name="prompt"/> is null.</exception>
        /// <exception cref="ArgumentException">The prompt is empty or too long, or references images (there are none).</exception>
        public VideoGenerationRequest(string prompt)
            : this(prompt, (IEnumerable<Uri>?)null)
        {
        }

        /// <summary>Creates an image-to-video request with images at public URLs (text-to-video when there are none).</summary>
        /// <param name="prompt">What the video shows, at most 2,500 characters, with optional image references.</param>
        /// <param name="imageUrls">Up to seven public http(s) URLs of reference images, or <see langword="null"/>.</param>
        /// <exception cref="ArgumentNullException"><paramref name="prompt"/> is null.</exception>
        /// <exception cref="ArgumentException">
        /// The prompt is empty or too long; an image reference is misspelt, numbered from 0 or beyond the images; the
        /// prompt references images but none are given; an image URL is relative, inline data or not http(s); or
        /// there are more than seven images. The message names the problem.
        /// </exception>
        public VideoGenerationRequest(string prompt, IEnumerable<Uri>? imageUrls)
        {
            ImageUrls = ImageUrlRules.Validate(imageUrls);
            Images = Array.AsReadOnly(ImageUrls.Select(KlingImageSource.FromUrl).ToArray());
            Elements = Array.Empty<SubjectElement>();
            var checkedPrompt = PromptRules.Check(prompt, Images.Count, 0, 0);
            Prompt = checkedPrompt.Text;
            References = checkedPrompt.References;
        }

        /// <summary>
        /// Creates a request whose reference images may be local files or streams; those are uploaded when the
        /// request is submitted (and nothing is submitted if an upload fails).
        /// </summary>
        /// <param name="prompt">What the video shows, at most 2,500 characters, with optional image references.</param>
        /// <param name="images">Up to seven images: URLs, files or streams (see <see cref="KlingImageSource"/>).</param>
        /// <exception cref="ArgumentNullException"><paramref name="prompt"/> or <paramref name="images"/> is null.</exception>
        /// <exception cref="ArgumentException">
        /// The prompt breaks a rule (see the other constructor), an image is null, or there are more than seven.
        /// </exception>
        public VideoGenerationRequest(string prompt, IEnumerable<KlingImageSource> images)
            : this(prompt, Guard.NotNull(images), elements: null)
        {
        }

        /// <summary>
        /// Creates a request with any mix of reference images and frames, subject elements and one reference video.
        /// Local files and streams among them are uploaded when the request is submitted. Needs
        /// <see cref="RequestShape.Omni"/> for frames, elements or a video.
        /// </summary>
        /// <param name="prompt">What the video shows, at most 2,500 characters, naming the media as <c>&lt;&lt;&lt;image_N&gt;&gt;&gt;</c>, <c>&lt;&lt;&lt;element_N&gt;&gt;&gt;</c> and <c>&lt;&lt;&lt;video_1&gt;&gt;&gt;</c>.</param>
        /// <param name="images">Reference images and frames (see <see cref="KlingImageSource.AsFirstFrame"/>), or <see langword="null"/>.</param>
        /// <param name="elements">Subjects to keep consistent, or <see langword="null"/>.</param>
        /// <param name="video">The reference video, or <see langword="null"/>.</param>
        /// <exception cref="ArgumentNullException"><paramref name="prompt"/> is null.</exception>
        /// <exception cref="ArgumentException">
        /// The prompt breaks a rule; an entry is null; images and elements together exceed 7 (4 with a reference video);
        /// there is more than one first or end frame, an end frame without a first frame, or a frame with a
        /// <see cref="ReferenceVideoType.Base"/> video. The message names the problem.
        /// </exception>
        public VideoGenerationRequest(string prompt, IEnumerable<KlingImageSource>? images, IEnumerable<SubjectElement>? elements, ReferenceVideo? video = null)
        {
            Images = ImageUrlRules.Validate(images);
            Elements = NoNulls(elements);
            Video = video;
            CompositionRules.Check(Images, Elements, video);
            ImageUrls = Array.AsReadOnly(Images.Where(i => i.Url is not null).Select(i => i.Url!).ToArray());
            var checkedPrompt = PromptRules.Check(prompt, Images.Count, Elements.Count, video is null ? 0 : 1);
            Prompt = checkedPrompt.Text;
            References = checkedPrompt.References;

            // The page: with refer_type=base the output is as long as the input video, so no length is sent unless asked.
            _duration = video is { Type: ReferenceVideoType.Base } ? null : VideoDuration.FiveSeconds;
        }

        /// <summary>Gets the references the prompt names, in prompt order: scanned once, when the request was built.</summary>
        internal IReadOnlyList<PromptReference> References { get; }

        /// <summary>Gets the prompt that will be sent, including any image reference the SDK put in front.</summary>
        public string Prompt { get; }

        /// <summary>Gets the reference images and frames, in the order their <c>&lt;&lt;&lt;image_N&gt;&gt;&gt;</c> numbers count.</summary>
        public IReadOnlyList<KlingImageSource> Images { get; }

        /// <summary>Gets the subject elements, in the order their <c>&lt;&lt;&lt;element_N&gt;&gt;&gt;</c> numbers count.</summary>
        public IReadOnlyList<SubjectElement> Elements { get; }

        /// <summary>Gets the reference video (<c>&lt;&lt;&lt;video_1&gt;&gt;&gt;</c>), or <see langword="null"/>.</summary>
        public ReferenceVideo? Video { get; }

        /// <summary>
        /// Gets the URLs of the reference images given as URLs, in order. Local images are not listed: they get a
        /// URL only when uploaded at submit time (see <see cref="Images"/>).
        /// </summary>
        public IReadOnlyList<Uri> ImageUrls { get; }

        /// <summary>
        /// Gets or sets the generation mode (sent as <c>mode</c>; it sets the price); <see langword="null"/> leaves it to the
        /// service, which uses <see cref="VideoMode.Standard"/>.
        /// </summary>
        /// <value><see cref="VideoMode.Standard"/> (720P) by default, sent, so the price never rests on a default of the service.</value>
        /// <exception cref="ArgumentException">The value is <see langword="default"/>(<see cref="VideoMode"/>).</exception>
        public VideoMode? Mode
        {
            get => _mode;
            set => _mode = value is not { Value.Length: 0 }
                ? value
                : throw new ArgumentException("Choose a mode: VideoMode.Standard or VideoMode.Professional, or null for the service's default.", nameof(value));
        }

        /// <summary>
        /// Gets or sets the clip length (sent as <c>duration</c>; it sets the price); <see langword="null"/> leaves it to the
        /// service, which makes 5 seconds, or, for a <see cref="ReferenceVideoType.Base"/> video edit, the input video's length.
        /// </summary>
        /// <value>
        /// <see cref="VideoDuration.FiveSeconds"/> by default, sent; <see langword="null"/> for a
        /// <see cref="ReferenceVideoType.Base"/> video edit, whose output follows the input video.
        /// </value>
        /// <exception cref="ArgumentException">The value is <see langword="default"/>(<see cref="VideoDuration"/>), not 3 to 10 seconds.</exception>
        public VideoDuration? Duration
        {
            get => _duration;
            set => _duration = value is not { } duration || CompositionRules.DurationProblem(duration) is not { } problem
                ? value
                : throw new ArgumentException(problem, nameof(value));
        }

        /// <summary>
        /// Gets or sets a value indicating whether the clip gets generated audio (sent as <c>audio: true</c>; billed as
        /// a clip with sound). Needs <see cref="RequestShape.Omni"/>.
        /// </summary>
        /// <value><see langword="false"/> by default: not sent.</value>
        /// <exception cref="ArgumentException">The value is <see langword="true"/> and the request has a reference video.</exception>
        public bool GenerateAudio
        {
            get => _generateAudio;
            set => _generateAudio = value && Video is not null
                ? throw new ArgumentException(
                    "Audio cannot be generated for a clip with a reference video (the service refuses audio with video_list). "
                    + "To keep the reference video's own sound, create it with keepOriginalSound: true.",
                    nameof(value))
                : value;
        }

        /// <summary>Gets or sets whether the service marks the clip with its watermark (sent as <c>metadata.watermark</c>).</summary>
        /// <value><see langword="null"/> by default: not sent, and the service decides.</value>
        public bool? Watermark { get; set; }

        /// <summary>Gets or sets the frame shape; <see langword="null"/> leaves the choice to the service.</summary>
        /// <value><see langword="null"/> by default: not sent, and the service uses 16:9 (or the image's own ratio).</value>
        /// <exception cref="ArgumentException">The value is <see langword="default"/>(<see cref="KlingO1.AspectRatio"/>).</exception>
        public AspectRatio? AspectRatio
        {
            get => _aspectRatio;
            set => _aspectRatio = value is not { Value.Length: 0 }
                ? value
                : throw new ArgumentException("Choose an aspect ratio such as AspectRatio.Landscape, or null for the service's default.", nameof(value));
        }

        /// <summary>
        /// Gets or sets an id of your choosing stored with the task (sent as <c>client_business_id</c>), by which the
        /// task can be found if the submit's answer is lost: see <see cref="VideoSubmitOutcomeUnknownException"/>.
        /// Use a new one for every video you want.
        /// </summary>
        /// <value><see langword="null"/>: none is sent, unless <see cref="KlingVideoClientOptions.GenerateClientBusinessIds"/> is on.</value>
        /// <exception cref="ArgumentException">The value is empty, longer than 128 characters, or has characters other than letters, digits, '-', '_', '.' and ':'.</exception>
        public string? ClientBusinessId
        {
            get => _clientBusinessId;
            set => _clientBusinessId = value is null || BusinessIds.IsUsable(value)
                ? value
                : throw new ArgumentException(
                    "A client business id has 1 to 128 characters: letters, digits, '-', '_', '.' or ':' (it is also used in a URL path).",
                    nameof(value));
        }

        /// <summary>
        /// Gets or sets where the service posts the task's final webhook event (sent as <c>callback_url</c>). It must
        /// have the scheme, host and port of the webhook URL configured for your key in the ToAPIs console; verify
        /// deliveries with <see cref="KlingWebhookVerifier"/>.
        /// </summary>
        /// <value><see langword="null"/>: the console's configured URL, if any, is used.</value>
        /// <exception cref="ArgumentException">
        /// The value breaks a rule of the webhooks page: not an absolute https URL, a user name or password, a fragment, a
        /// loopback, private, link-local or reserved host, or a well-known port other than 443.
        /// </exception>
        public Uri? CallbackUrl
        {
            get => _callbackUrl;
            set => _callbackUrl = value is null || CallbackUrlRules.Problem(value) is not { } problem
                ? value
                : throw new ArgumentException(problem, nameof(value));
        }

        /// <summary>Gets where the request's media come from, for the uploader (<see cref="RequestMedia.None"/> when it has none).</summary>
        internal RequestMedia Media
            => Images.Count == 0 && Elements.Count == 0 && Video is null
                ? RequestMedia.None
                : new RequestMedia(
                    Video?.Source.Origin,
                    Images.Select(i => i.Origin).ToArray(),
                    Elements.Select(e => (e.Origin, e.IsVideo)).ToArray());

        private static IReadOnlyList<SubjectElement> NoNulls(IEnumerable<SubjectElement>? elements)
        {
            var list = elements?.ToArray() ?? Array.Empty<SubjectElement>();
            var missing = Array.IndexOf(list, null);
            return missing < 0
                ? Array.AsReadOnly(list)
                : throw new ArgumentException($"Element {(missing + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)} is null.", nameof(elements));
        }
    }
}
