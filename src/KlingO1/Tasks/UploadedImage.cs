using System;

namespace KlingO1
{
    /// <summary>
    /// An image stored by the service's upload endpoint; use its <see cref="UploadedFile.Url"/> as a reference image
    /// (<see cref="KlingImageSource.FromUrl"/> or a request's image URLs).
    /// </summary>
    public sealed class UploadedImage : UploadedFile
    {
        internal UploadedImage(string id, Uri url, string? mimeType, long size)
            : base(id, url, mimeType, size)
        {
        }
    }
}
