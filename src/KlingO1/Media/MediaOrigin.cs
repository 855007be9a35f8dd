using System;
using System.IO;
using KlingO1.Internal;

namespace KlingO1.Media
{
    /// <summary>
    /// Where a piece of media comes from: a public URL, a local file or a caller's stream. Shared by images and videos,
    /// which differ only in their rules and their upload endpoint.
    /// </summary>
    internal sealed class MediaOrigin
    {
        private readonly long _streamStart;

        private MediaOrigin(Uri? url, string? filePath, Stream? stream, string? fileName)
        {
            Url = url;
            FilePath = filePath;
            Stream = stream;
            FileName = fileName;
            _streamStart = stream is { CanSeek: true } ? stream.Position : -1;
        }

        public Uri? Url { get; }

        public string? FilePath { get; }

        public string? FileName { get; }

        public Stream? Stream { get; }

        public static MediaOrigin FromUrl(Uri url) => new(url, null, null, null);

        /// <exception cref="ArgumentException">The path is empty.</exception>
        /// <exception cref="FileNotFoundException">No file exists at the path.</exception>
        public static MediaOrigin FromFile(string path, string noun, string paramName)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                throw new ArgumentException($"The {noun} file path is empty.", paramName);
            }

            var fullPath = Path.GetFullPath(path);
            return File.Exists(fullPath)
                ? new MediaOrigin(null, fullPath, null, Path.GetFileName(fullPath))
                : throw new FileNotFoundException($"The {noun} file \"{fullPath}\" does not exist.", fullPath);
        }

        /// <exception cref="ArgumentNullException"><paramref name="content"/> is null.</exception>
        /// <exception cref="ArgumentException">The stream cannot be read, or the file name is empty.</exception>
        public static MediaOrigin FromStream(Stream content, string fileName, string noun, string example)
        {
            Guard.NotNull(content);

            if (!content.CanRead)
            {
                throw new ArgumentException($"The {noun} stream cannot be read.", nameof(content));
            }

            if (string.IsNullOrWhiteSpace(fileName))
            {
                throw new ArgumentException($"Give the {noun} a file name, for example \"{example}\".", nameof(fileName));
            }

            return new MediaOrigin(null, null, content, Path.GetFileName(fileName));
        }

        /// <summary>Rewinds a seekable stream to where it started, so the same source can be uploaded again.</summary>
        public void RewindStream()
        {
            if (Stream is not null && _streamStart >= 0)
            {
                Stream.Position = _streamStart;
            }
        }

        /// <summary>Tells whether two origins name the same bytes, so they are uploaded once.</summary>
        public bool SameAs(MediaOrigin other)
            => Url is not null ? other.Url is not null && string.Equals(Url.AbsoluteUri, other.Url.AbsoluteUri, StringComparison.Ordinal)
                : FilePath is not null ? string.Equals(FilePath, other.FilePath, StringComparison.Ordinal)
                : ReferenceEquals(Stream, other.Stream);

        public override string ToString() => Url?.ToString() ?? FilePath ?? "stream:" + FileName;
    }
}
