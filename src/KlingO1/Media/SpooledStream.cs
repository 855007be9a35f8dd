using System;
using System.Collections.Generic;
using System.IO;

namespace KlingO1.Media
{
    /// <summary>
    /// A forward-only upload held in memory in fixed pieces: it grows without the copies (and the up-to-double capacity)
    /// of a growing <see cref="MemoryStream"/>, and reads back seekably, so the upload states its length and can be retried.
    /// </summary>
    internal sealed class SpooledStream : Stream
    {
        private const int PieceBytes = 1024 * 1024;
        private readonly List<byte[]> _pieces = new();
        private long _length;
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => _length;

        public override long Position
        {
            get => _position;
            set => _position = value >= 0 && value <= _length ? value : throw new ArgumentOutOfRangeException(nameof(value));
        }

        /// <summary>Adds the first <paramref name="count"/> bytes of <paramref name="buffer"/> at the end.</summary>
        public void Append(byte[] buffer, int count)
        {
            var offset = 0;
            while (offset < count)
            {
                var inPiece = (int)(_length % PieceBytes);
                if (inPiece == 0)
                {
                    _pieces.Add(new byte[PieceBytes]);
                }

                var n = Math.Min(count - offset, PieceBytes - inPiece);
                Buffer.BlockCopy(buffer, offset, _pieces[_pieces.Count - 1], inPiece, n);
                offset += n;
                _length += n;
            }
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, _length - _position);
            if (n <= 0)
            {
                return 0;
            }

            var inPiece = (int)(_position % PieceBytes);
            n = Math.Min(n, PieceBytes - inPiece);
            Buffer.BlockCopy(_pieces[(int)(_position / PieceBytes)], inPiece, buffer, offset, n);
            _position += n;
            return n;
        }

        public override long Seek(long offset, SeekOrigin origin)
        {
            Position = origin switch
            {
                SeekOrigin.Begin => offset,
                SeekOrigin.Current => _position + offset,
                _ => _length + offset,
            };
            return _position;
        }

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
