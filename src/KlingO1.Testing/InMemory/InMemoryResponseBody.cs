using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace KlingO1.Testing.InMemory
{
    /// <summary>
    /// The body of an in-memory answer, kept in memory. The first write (or flush) starts the response first, and
    /// synchronous writes are refused as Kestrel refuses them, so code that passes here passes on the server.
    /// </summary>
    internal sealed class InMemoryResponseBody : Stream
    {
        private readonly MemoryStream _content = new();
        private readonly InMemoryResponse _response;

        public InMemoryResponseBody(InMemoryResponse response)
        {
            _response = response;
        }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        /// <summary>Gets what was written, without copying.</summary>
        public ArraySegment<byte> Written => new(_content.GetBuffer(), 0, (int)_content.Length);

        /// <summary>Forgets what was written (the handler failed, and its answer is replaced).</summary>
        public void Clear() => _content.SetLength(0);

        public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => await WriteAsync(buffer.AsMemory(offset, count), cancellationToken).ConfigureAwait(false);

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await _response.StartAsync().ConfigureAwait(false);
            _content.Write(buffer.Span);
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => _response.StartAsync();

        public override void Flush()
        {
        }

        public override void Write(byte[] buffer, int offset, int count)
            => throw new InvalidOperationException("Synchronous operations are disallowed. Call WriteAsync or set AllowSynchronousIO to true instead.");

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _content.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
