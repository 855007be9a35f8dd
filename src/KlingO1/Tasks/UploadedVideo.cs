using System;

namespace KlingO1
{
    /// <summary>
    /// A video stored by the service's upload endpoint; use its <see cref="UploadedFile.Url"/> in a
    /// <see cref="ReferenceVideo"/> (<see cref="KlingVideoSource.FromUrl"/>).
    /// </summary>
    public sealed class UploadedVideo : UploadedFile
    {
        internal UploadedVideo(string id, Uri url, string? mimeType, long size)
            : base(id, url, mimeType, size)
        {
        }
    }
}
