using System;

namespace KlingO1
{
    /// <summary>An image stored by the service's upload endpoint; use its <see cref="Url"/> as a reference image.</summary>
    public sealed class UploadedImage
    {
        internal UploadedImage(string id, Uri url, string? mimeType, long size)
        {
            Id = id;
            Url = url;
            MimeType = mimeType;
            Size = size;
        }

        /// <summary>Gets the upload's id.</summary>
        public string Id { get; }

        /// <summary>Gets the public URL of the stored image, for <see cref="ImageSource.FromUrl"/> or a request's image URLs.</summary>
        public Uri Url { get; }

        /// <summary>Gets the content type the service recognised, for example <c>image/png</c>.</summary>
        public string? MimeType { get; }

        /// <summary>Gets the stored size in bytes.</summary>
        public long Size { get; }

        /// <inheritdoc />
        public override string ToString() => $"{Id}: {Url}";
    }
}
