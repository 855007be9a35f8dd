using System;

namespace KlingO1
{
    /// <summary>A file stored by one of the service's upload endpoints; its <see cref="Url"/> is what requests carry.</summary>
    public abstract class UploadedFile
    {
        private protected UploadedFile(string id, Uri url, string? mimeType, long size)
        {
            Id = id;
            Url = url;
            MimeType = mimeType;
            Size = size;
        }

        /// <summary>Gets the upload's id.</summary>
        public string Id { get; }

        /// <summary>Gets the public URL of the stored file.</summary>
        public Uri Url { get; }

        /// <summary>Gets the content type the service recognised, for example <c>image/png</c> or <c>video/mp4</c>.</summary>
        public string? MimeType { get; }

        /// <summary>Gets the stored size in bytes.</summary>
        public long Size { get; }

        /// <inheritdoc />
        public override string ToString() => $"{Id}: {Url}";
    }
}
