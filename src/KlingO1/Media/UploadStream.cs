using System;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace KlingO1.Media
{
    /// <summary>
    /// What an upload reads from: the caller's stream, after the bytes already read to recognise the format, with a
    /// size limit enforced as it goes. It never disposes the caller's stream (HTTP content would).
    /// </summary>
    internal sealed class UploadStream : Stream
    {
        private readonly Stream _inner;
        private readonly byte[] _prefix;
        private readonly int _prefixLength;
        private readonly long _limit;
        private readonly string _fileName;
        private int _prefixRead;
        private long _total;

        public UploadStream(Stream inner, byte[] prefix, int prefixLength, long limit, string fileName)
        {
            _inner = inner;
            _prefix = prefix;
            _prefixLength = prefixLength;
            _limit = limit;
            _fileName = fileName;
        }

        public override bool CanRead => true;

        // Seekable only when nothing was taken off the front: then HTTP can send a Content-Length.
        public override bool CanSeek => _prefixLength == 0 && _inner.CanSeek;

        public override bool CanWrite => false;

        public override long Length => CanSeek ? _inner.Length : throw new NotSupportedException();

        public override long Position
        {
            get => CanSeek ? _inner.Position : throw new NotSupportedException();
            set
            {
                if (!CanSeek)
                {
                    throw new NotSupportedException();
                }

                _inner.Position = value;
            }
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_prefixRead < _prefixLength)
            {
                return TakePrefix(buffer, offset, count);
            }

            return Count(_inner.Read(buffer, offset, count));
        }

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            if (_prefixRead < _prefixLength)
            {
                return TakePrefix(buffer, offset, count);
            }

            return Count(await _inner.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false));
        }

#if NET
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_prefixRead < _prefixLength)
            {
                var n = Math.Min(buffer.Length, _prefixLength - _prefixRead);
                _prefix.AsMemory(_prefixRead, n).CopyTo(buffer);
                _prefixRead += n;
                return Count(n);
            }

            return Count(await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));
        }
#endif

        public override long Seek(long offset, SeekOrigin origin) => CanSeek ? _inner.Seek(offset, origin) : throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int TakePrefix(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(count, _prefixLength - _prefixRead);
            Buffer.BlockCopy(_prefix, _prefixRead, buffer, offset, n);
            _prefixRead += n;
            return Count(n);
        }

        private int Count(int read)
        {
            _total += read;
            if (_total > _limit)
            {
                // Only reachable for a stream whose length was unknown up front; the upload is abandoned.
                throw new IOException($"\"{_fileName}\" is larger than the {(_limit / (1024 * 1024)).ToString(CultureInfo.InvariantCulture)} MB the service accepts; the upload was stopped.");
            }

            return read;
        }
    }
}
