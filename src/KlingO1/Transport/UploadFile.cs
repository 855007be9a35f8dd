using System;
using System.IO;

namespace KlingO1.Transport
{
    /// <summary>
    /// A file to upload, as the transport needs it: its name, its media type, and its bytes, opened afresh from their start
    /// for each attempt, so a failed upload can be sent again and can state its length.
    /// </summary>
    internal sealed class UploadFile
    {
        /// <param name="fileName">The name the service stores it under.</param>
        /// <param name="mimeType">Its media type, from its first bytes.</param>
        /// <param name="openContent">Opens its bytes from the start; the transport disposes each stream it opens.</param>
        public UploadFile(string fileName, string mimeType, Func<Stream> openContent)
        {
            FileName = fileName;
            MimeType = mimeType;
            OpenContent = openContent;
        }

        public string FileName { get; }

        public string MimeType { get; }

        public Func<Stream> OpenContent { get; }
    }
}
