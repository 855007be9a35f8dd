using System;
using System.Globalization;
using KlingO1.Transport.Operations;

namespace KlingO1.Media
{
    /// <summary>The facts that differ between images and videos: their word, upload endpoint, limit and formats.</summary>
    internal sealed class MediaKind
    {
        private MediaKind(string noun, ApiOperation upload, long maxBytes, string formats, string exampleFileName, Func<byte[], int, MediaFormat?> detect)
        {
            Noun = noun;
            Upload = upload;
            MaxBytes = maxBytes;
            Formats = formats;
            ExampleFileName = exampleFileName;
            Detect = detect;
        }

        /// <summary>Images: <c>POST /v1/uploads/images</c>, JPEG/PNG/WebP/GIF up to 10 MB.</summary>
        public static MediaKind Image { get; } = new("image", ApiOperations.ImageUpload, 10L * 1024 * 1024, "JPEG, PNG, WebP or GIF", "portrait.png", MediaFormat.DetectImage);

        /// <summary>Videos: <c>POST /v1/uploads/videos</c>, MP4/WebM/MOV up to 50 MB.</summary>
        public static MediaKind Video { get; } = new("video", ApiOperations.VideoUpload, 50L * 1024 * 1024, "MP4, WebM or MOV", "clip.mp4", MediaFormat.DetectVideo);

        /// <summary>
        /// A request's reference video: uploaded like any video, but MP4 or MOV only, as the current generation page says
        /// (Chinese: "仅支持 MP4/MOV 格式"), while the upload endpoint also takes WebM.
        /// </summary>
        public static MediaKind ReferenceVideo { get; } = new(
            "reference video", ApiOperations.VideoUpload, 50L * 1024 * 1024, "MP4 or MOV", "clip.mp4",
            static (head, length) => MediaFormat.DetectVideo(head, length) is { Name: not "WebM" } format ? format : null);

        public string Noun { get; }

        /// <summary>The upload endpoint's entry in the operation table.</summary>
        public ApiOperation Upload { get; }

        /// <summary>The upload endpoint's path below the base address, as messages name it.</summary>
        public string UploadPath => Upload.Path!;

        public long MaxBytes { get; }

        /// <summary>The formats the upload endpoint takes, as a phrase.</summary>
        public string Formats { get; }

        public string ExampleFileName { get; }

        /// <summary>Recognises the format from the first <see cref="MediaFormat.SignatureLength"/> bytes.</summary>
        public Func<byte[], int, MediaFormat?> Detect { get; }

        /// <summary>The size limit as people say it ("10 MB").</summary>
        public string MaxSizeText => (MaxBytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture) + " MB";
    }
}
