using System;
using System.Collections.Generic;
using System.Linq;
using KlingO1.Prompts;

namespace KlingO1
{
    /// <summary>
    /// What to generate: a prompt, optional reference images, and the clip's mode, length and shape. The
    /// constructor checks the prompt against the images, so a request that exists is one the service can accept.
    /// </summary>
    /// <remarks>
    /// Reference images are named in the prompt as <c>&lt;&lt;&lt;image_N&gt;&gt;&gt;</c>, N counted from 1 in the
    /// order of <see cref="ImageUrls"/>. When images are given and the prompt names none,
    /// <c>&lt;&lt;&lt;image_1&gt;&gt;&gt; </c> is put in front of it. <see cref="PromptBuilder"/> writes the
    /// references for you.
    /// </remarks>
    public sealed class VideoGenerationRequest
    {
        private VideoMode _mode = VideoMode.Standard;
        private VideoDuration _duration = VideoDuration.FiveSeconds;
        private AspectRatio? _aspectRatio;
        private string? _clientBusinessId;
        private Uri? _callbackUrl;

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
            Images = Array.AsReadOnly(ImageUrls.Select(ImageSource.FromUrl).ToArray());
            Prompt = PromptRules.EffectivePrompt(prompt, Images.Count);
        }

        /// <summary>
        /// Creates a request whose reference images may be local files or streams; those are uploaded when the
        /// request is submitted (and nothing is submitted if an upload fails).
        /// </summary>
        /// <param name="prompt">What the video shows, at most 2,500 characters, with optional image references.</param>
        /// <param name="images">Up to seven images: URLs, files or streams (see <see cref="ImageSource"/>).</param>
        /// <exception cref="ArgumentNullException"><paramref name="prompt"/> or <paramref name="images"/> is null.</exception>
        /// <exception cref="ArgumentException">
        /// The prompt breaks a rule (see the other constructor), an image is null, or there are more than seven.
        /// </exception>
        public VideoGenerationRequest(string prompt, IEnumerable<ImageSource> images)
        {
            Images = ImageUrlRules.Validate(images ?? throw new ArgumentNullException(nameof(images)));
            ImageUrls = Array.AsReadOnly(Images.Where(i => i.Url is not null).Select(i => i.Url!).ToArray());
            Prompt = PromptRules.EffectivePrompt(prompt, Images.Count);
        }

        /// <summary>Gets the prompt that will be sent, including any image reference the SDK put in front.</summary>
        public string Prompt { get; }

        /// <summary>Gets the reference images, in the order their <c>&lt;&lt;&lt;image_N&gt;&gt;&gt;</c> numbers count.</summary>
        public IReadOnlyList<ImageSource> Images { get; }

        /// <summary>
        /// Gets the URLs of the reference images given as URLs, in order. Local images are not listed: they get a
        /// URL only when uploaded at submit time (see <see cref="Images"/>).
        /// </summary>
        public IReadOnlyList<Uri> ImageUrls { get; }

        /// <summary>Gets or sets the generation mode.</summary>
        /// <value><see cref="VideoMode.Standard"/> (720P) by default.</value>
        /// <exception cref="ArgumentException">The value is <see langword="default"/>(<see cref="VideoMode"/>).</exception>
        public VideoMode Mode
        {
            get => _mode;
            set => _mode = value.Value.Length > 0
                ? value
                : throw new ArgumentException("Choose a mode: VideoMode.Standard or VideoMode.Professional.", nameof(value));
        }

        /// <summary>Gets or sets the clip length.</summary>
        /// <value><see cref="VideoDuration.FiveSeconds"/> by default.</value>
        /// <exception cref="ArgumentException">The value is neither 5 nor 10 seconds.</exception>
        public VideoDuration Duration
        {
            get => _duration;
            set => _duration = value == VideoDuration.FiveSeconds || value == VideoDuration.TenSeconds
                ? value
                : throw new ArgumentException(
                    $"Kling Video O1 makes clips of 5 or 10 seconds, not {value}: use VideoDuration.FiveSeconds or VideoDuration.TenSeconds.",
                    nameof(value));
        }

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
        /// <exception cref="ArgumentException">The value is not an absolute https URL.</exception>
        public Uri? CallbackUrl
        {
            get => _callbackUrl;
            set => _callbackUrl = value is null || (value.IsAbsoluteUri && value.Scheme == Uri.UriSchemeHttps)
                ? value
                : throw new ArgumentException("The callback URL must be an absolute https URL (the service delivers webhooks over https).", nameof(value));
        }
    }
}
