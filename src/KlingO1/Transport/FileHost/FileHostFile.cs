using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace KlingO1.Transport.FileHost
{
    /// <summary>A file the file host has begun to send: its headers are read, its body is not yet. Dispose it to release the connection.</summary>
    internal sealed class FileHostFile : IDisposable
    {
        private readonly HttpResponseMessage _response;

        public FileHostFile(HttpResponseMessage response) => _response = response;

        /// <summary>Gets the length the host announced (<c>Content-Length</c>), or null when it announced none.</summary>
        public long? Length => _response.Content.Headers.ContentLength;

        /// <summary>Opens the body, to be read as it arrives.</summary>
        public Task<Stream> ReadBodyAsync(CancellationToken cancellationToken)
        {
#if NET
            return _response.Content.ReadAsStreamAsync(cancellationToken);
#else
            cancellationToken.ThrowIfCancellationRequested();
            return _response.Content.ReadAsStreamAsync();
#endif
        }

        public void Dispose() => _response.Dispose();
    }
}
