using System;
using System.IO;
using System.Linq;
using System.Text;

namespace KlingO1.Tests.Media
{
    /// <summary>
    /// Small byte arrays that start with the signatures of the video formats the upload endpoint takes (the signature is
    /// all the SDK and the simulator look at), and a seekable stream that only claims a length.
    /// </summary>
    internal static class TestVideos
    {
        /// <summary>An MP4: an <c>ftyp</c> box with the <c>isom</c> brand.</summary>
        public static readonly byte[] Mp4 = Box("ftyp", "isom", "\0\0\u0002\0isomiso2avc1mp41");

        /// <summary>An MP4 with another major brand (<c>mp42</c>).</summary>
        public static readonly byte[] Mp4Mp42 = Box("ftyp", "mp42", "\0\0\0\0mp42isom");

        /// <summary>A WebM: the EBML header.</summary>
        public static readonly byte[] WebM = { 0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81, 0x01, 0x42, 0xF7, 0x81, 0x01, 0x42, 0xF2, 0x81 };

        /// <summary>A MOV: an <c>ftyp</c> box with the QuickTime brand <c>qt  </c>.</summary>
        public static readonly byte[] MovFtyp = Box("ftyp", "qt  ", "\0\0\u0002\0qt  ");

        /// <summary>An older MOV that starts straight with the movie atom.</summary>
        public static readonly byte[] MovMoov = Box("moov", "\0\0\0\u006Cmvhd", string.Empty);

        /// <summary>An older MOV that starts with the media data atom.</summary>
        public static readonly byte[] MovMdat = Box("mdat", "\0\0\0\0", "\0\0\0\0");

        /// <summary>An older MOV that starts with a <c>wide</c> padding atom (as QuickTime writes them, before <c>mdat</c>).</summary>
        public static readonly byte[] MovWide = Concat(new byte[] { 0, 0, 0, 8 }, Ascii("wide"), new byte[] { 0, 0, 0, 16 }, Ascii("mdat"), new byte[8]);

        /// <summary>An older MOV that starts with a <c>free</c> atom.</summary>
        public static readonly byte[] MovFree = Concat(new byte[] { 0, 0, 0, 8 }, Ascii("free"), new byte[] { 0, 0, 0, 16 }, Ascii("mdat"), new byte[8]);

        public static byte[] Ascii(string text) => Encoding.Latin1.GetBytes(text);

        public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

        /// <summary>Tells whether <paramref name="needle"/> occurs in <paramref name="haystack"/>.</summary>
        public static bool Contains(byte[] haystack, byte[] needle)
            => Enumerable.Range(0, Math.Max(0, haystack.Length - needle.Length + 1)).Any(i => haystack.AsSpan(i, needle.Length).SequenceEqual(needle));

        private static byte[] Box(string type, string first, string rest)
        {
            var payload = Ascii(first + rest);
            var size = 8 + payload.Length;
            return Concat(new[] { (byte)(size >> 24), (byte)(size >> 16), (byte)(size >> 8), (byte)size }, Ascii(type), payload);
        }
    }

    /// <summary>
    /// A readable stream of <c>length</c> bytes that allocates nothing: <c>head</c> first, zeros after; seekable unless
    /// asked otherwise. Lets a test hand the SDK a "file" of any size without writing one.
    /// </summary>
    internal sealed class LengthOnlyStream : Stream
    {
        private readonly byte[] _head;
        private readonly long _length;
        private readonly bool _seekable;
        private long _position;

        public LengthOnlyStream(byte[] head, long length, bool seekable = true)
        {
            _head = head;
            _length = length;
            _seekable = seekable;
        }

        /// <summary>Gets how many bytes were read so far (all reads, wherever they started).</summary>
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => _seekable;

        public override bool CanWrite => false;

        public override long Length => _seekable ? _length : throw new NotSupportedException();

        public override long Position
        {
            get => _seekable ? _position : throw new NotSupportedException();
            set => _position = _seekable && value >= 0 ? value : throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = (int)Math.Max(0, Math.Min(buffer.Length, _length - _position));
            var fromHead = (int)Math.Max(0, Math.Min(n, _head.Length - _position));
            if (fromHead > 0)
            {
                _head.AsSpan((int)_position, fromHead).CopyTo(buffer);
            }

            buffer.Slice(fromHead, n - fromHead).Clear();

            _position += n;
            BytesRead += n;
            return n;
        }

        public override long Seek(long offset, SeekOrigin origin)
            => Position = !_seekable ? throw new NotSupportedException() : origin switch
            {
                SeekOrigin.Begin => offset,
                SeekOrigin.Current => _position + offset,
                _ => _length + offset,
            };

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
