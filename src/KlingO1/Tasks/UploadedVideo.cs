using System;

namespace KlingO1
{
    /// <summary>A video stored by the service's upload endpoint; use its <see cref="Url"/> in a <see cref="ReferenceVideo"/>.</summary>
    public sealed class UploadedVideo
    {
        internal UploadedVideo(string id, Uri url, string? mimeType, long size)
        {
            Id = id;
            Url = url;
            MimeType = mimeType;
            Size = size;
        }

        /// <summary>Gets the upload's id.</summary>
        public string Id { get; }

        /// <summary>Gets the public URL of the stored video, for <see cref="VideoSource.FromUrl"/>.</summary>
        public Uri Url { get; }

        /// <summary>Gets the content type the service recognised, for example <c>video/mp4</c>.</summary>
        public string? MimeType { get; }

        /// <summary>Gets the stored size in bytes.</summary>
        public long Size { get; }

        /// <inheritdoc />
        public override string ToString() => $"{Id}: {Url}";
    }
}
