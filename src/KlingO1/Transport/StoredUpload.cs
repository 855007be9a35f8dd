using System;

namespace KlingO1.Transport
{
    /// <summary>What an upload endpoint answers for a stored file, before it becomes an image or a video model.</summary>
    internal readonly record struct StoredUpload(string Id, Uri Url, string? MimeType, long Size);
}
