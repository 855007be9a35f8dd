using System;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace KlingO1.Media
{
    /// <summary>
    /// What an upload reads from: the caller's seekable stream (or the SDK's copy of a forward-only one), with the size
    /// limit enforced as it goes. It never disposes the caller's stream (HTTP content would).
    /// </summary>
    internal sealed class UploadStream : Stream
    {
        private readonly Stream _inner;
        private readonly long _limit;
        private readonly string _fileName;
        private long _total;

        public UploadStream(Stream inner, long limit, string fileName)
        {
            _inner = inner;
            _limit = limit;
            _fileName = fileName;
        }

        public override bool CanRead => true;

        // Seekable, so HTTP can send a Content-Length.
        public override bool CanSeek => _inner.CanSeek;

        public override bool CanWrite => false;

        public override long Length => _inner.Length;

        public override long Position
        {
            get => _inner.Position;
            set => _inner.Position = value;
        }

        public override int Read(byte[] buffer, int offset, int count) => Count(_inner.Read(buffer, offset, count));

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => Count(await _inner.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false));

#if NET
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            => Count(await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));
#endif

        public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int read)
        {
            _total += read;
            if (_total > _limit)
            {
                // Only reachable for a stream that grew after its length was checked; the upload is abandoned.
                throw new IOException($"\"{_fileName}\" is larger than the {(_limit / (1024 * 1024)).ToString(CultureInfo.InvariantCulture)} MB the service accepts; the upload was stopped.");
            }

            return read;
        }
    }
}
