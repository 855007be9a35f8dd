using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Transport;

namespace KlingO1.Media
{
    /// <summary>
    /// Uploads local images and videos: checks each one before sending (format from its first bytes, not empty, within
    /// the endpoint's size limit), streams it, and gives a request's local media their URLs — the same file once.
    /// </summary>
    internal sealed class MediaUploader
    {
        // One turn at a time per stream object, across every client of the process (a stream may be shared by two).
        private static readonly ConditionalWeakTable<Stream, SemaphoreSlim> Turns = new();

        private readonly KlingHttpTransport _transport;
        private readonly TimeProvider _time;
        private readonly TimeSpan _readLimit;

        /// <param name="transport">Sends the uploads.</param>
        /// <param name="time">The clock for <paramref name="readLimit"/>.</param>
        /// <param name="readLimit">How long reading a forward-only stream into memory may take (the upload's per-attempt limit).</param>
        public MediaUploader(KlingHttpTransport transport, TimeProvider time, TimeSpan readLimit)
        {
            _transport = transport;
            _time = time;
            _readLimit = readLimit;
        }

        /// <exception cref="ArgumentException">The file is empty, too large or of a format the endpoint refuses; nothing was sent.</exception>
        /// <remarks>
        /// Uploads of one stream object take turns (two submits of one request, say): each reads it whole from where it was
        /// rewound, instead of two reads interleaving on one <see cref="Stream.Position"/> into a corrupted, billed upload.
        /// </remarks>
        public async Task<StoredUpload> UploadAsync(MediaKind kind, Stream content, string fileName, CancellationToken cancellationToken, Action? rewind = null)
        {
            var turn = Turns.GetValue(content, static _ => new SemaphoreSlim(1, 1));
            await turn.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                rewind?.Invoke();
                return await UploadInTurnAsync(kind, content, fileName, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                turn.Release();
            }
        }

        private async Task<StoredUpload> UploadInTurnAsync(MediaKind kind, Stream content, string fileName, CancellationToken cancellationToken)
        {
            var head = new byte[MediaFormat.SignatureLength];
            var read = await ReadHeadAsync(content, head, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new ArgumentException($"The {kind.Noun} \"{fileName}\" is empty.", nameof(content));
            }

            var format = kind.Detect(head, read) ?? throw new ArgumentException(
                $"\"{fileName}\" is not a {kind.Formats} {kind.Noun} (judged by its first bytes, not its name); the upload endpoint takes only those.",
                nameof(content));

            if (!content.CanSeek)
            {
                using var spool = await SpoolWithinLimitAsync(kind, content, head, read, fileName, cancellationToken).ConfigureAwait(false);
                return await SendAsync(kind, spool, read, format, fileName, cancellationToken).ConfigureAwait(false);
            }

            return await SendAsync(kind, content, read, format, fileName, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Sends a seekable stream positioned after its first <paramref name="read"/> bytes.</summary>
        private async Task<StoredUpload> SendAsync(MediaKind kind, Stream content, int read, MediaFormat format, string fileName, CancellationToken cancellationToken)
        {
            var start = content.Position - read;
            var size = content.Length - start;
            if (size > kind.MaxBytes)
            {
                throw new ArgumentException(
                    $"The {kind.Noun} \"{fileName}\" has {size.ToString("N0", CultureInfo.InvariantCulture)} bytes; the service accepts at most {kind.MaxSizeText}.",
                    nameof(content));
            }

            // Every attempt reads from the start again, so the upload can be retried and can state its length.
            var file = new UploadFile(fileName, format.MimeType, () =>
            {
                content.Position = start;
                return new UploadStream(content, kind.MaxBytes, fileName);
            });
            return await _transport.UploadAsync(kind.Upload, file, cancellationToken).ConfigureAwait(false);
        }

        /// <exception cref="FileNotFoundException">No file exists at <paramref name="filePath"/>.</exception>
        /// <exception cref="ArgumentException">The file is empty, too large or of another format; nothing was sent.</exception>
        public async Task<StoredUpload> UploadFileAsync(MediaKind kind, string filePath, CancellationToken cancellationToken)
        {
            var origin = MediaOrigin.FromFile(filePath, kind.Noun, nameof(filePath));
            using var file = OpenRead(kind, origin.FilePath!);
            return await UploadAsync(kind, file, origin.FileName!, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Returns the URL of every image, element and video of a request in order, uploading local ones first (each
        /// distinct file once, even when used in two roles). If an upload fails the exception propagates, so no request
        /// is submitted with missing media.
        /// </summary>
        /// <remarks>A request without media (most text-to-video calls) completes at once and allocates nothing.</remarks>
        public ValueTask<ResolvedMedia> ResolveAsync(RequestMedia media, CancellationToken cancellationToken)
            => media.IsEmpty
                ? new ValueTask<ResolvedMedia>(ResolvedMedia.None)
                : new ValueTask<ResolvedMedia>(UploadAllAsync(media, cancellationToken));

        private async Task<ResolvedMedia> UploadAllAsync(RequestMedia media, CancellationToken cancellationToken)
        {
            // The reference video first: the one kind with a stricter format than its endpoint, so a refused one costs no
            // other upload.
            var uploaded = new List<(MediaOrigin Origin, Uri Url)>();
            var video = media.ReferenceVideo is null
                ? null
                : await UrlOfAsync(MediaKind.ReferenceVideo, media.ReferenceVideo, uploaded, cancellationToken).ConfigureAwait(false);
            var images = new Uri[media.Images.Count];
            for (var i = 0; i < images.Length; i++)
            {
                images[i] = await UrlOfAsync(MediaKind.Image, media.Images[i], uploaded, cancellationToken).ConfigureAwait(false);
            }

            var elements = new Uri[media.Elements.Count];
            for (var i = 0; i < elements.Length; i++)
            {
                var element = media.Elements[i];
                elements[i] = await UrlOfAsync(element.IsVideo ? MediaKind.Video : MediaKind.Image, element.Origin, uploaded, cancellationToken).ConfigureAwait(false);
            }

            return new ResolvedMedia(images, elements, video);
        }

        private async Task<Uri> UrlOfAsync(MediaKind kind, MediaOrigin origin, List<(MediaOrigin Origin, Uri Url)> uploaded, CancellationToken cancellationToken)
        {
            if (origin.Url is not null)
            {
                return origin.Url;
            }

            foreach (var earlier in uploaded)
            {
                if (earlier.Origin.SameAs(origin))
                {
                    return earlier.Url;
                }
            }

            StoredUpload stored;
            if (origin.FilePath is not null)
            {
                stored = await UploadFileAsync(kind, origin.FilePath, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                stored = await UploadAsync(kind, origin.Stream!, origin.FileName!, cancellationToken, origin.RewindStream).ConfigureAwait(false);
            }

            uploaded.Add((origin, stored.Url));
            return stored.Url;
        }

        /// <exception cref="ArgumentException">The path names an empty file, or a pipe or device; nothing was opened.</exception>
        private static FileStream OpenRead(MediaKind kind, string path)
        {
            // Opening a named pipe blocks the thread until something writes to it, and a device may never end. Both report
            // a length of 0 (as does an empty file): refuse them before opening. Links are judged by what they point to.
            FileSystemInfo target = new FileInfo(path);
#if NET
            target = target.ResolveLinkTarget(returnFinalTarget: true) ?? target;
#else
            // Built for netstandard2.0 but run on .NET 6 or later, the method exists at run time though this build
            // cannot name it; without it a link's own length would pass for its target's.
            target = typeof(FileSystemInfo).GetMethod("ResolveLinkTarget", new[] { typeof(bool) })?.Invoke(target, new object[] { true }) as FileSystemInfo ?? target;
#endif
            if (target is not FileInfo { Exists: true, Length: > 0 })
            {
                throw new ArgumentException(
                    $"The {kind.Noun} \"{path}\" is empty, or is a pipe or device rather than a file; only a file's content is uploaded.",
                    "filePath");
            }

            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }

        /// <summary>
        /// Spools within the upload's per-attempt limit, which bounded reading the stream when it was read during the
        /// upload: a source that stalls ends with a <see cref="KlingTimeoutException"/> instead of holding the call.
        /// </summary>
        private async Task<Stream> SpoolWithinLimitAsync(MediaKind kind, Stream content, byte[] head, int read, string fileName, CancellationToken cancellationToken)
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var timer = _time.CreateTimer(static state => ((CancellationTokenSource)state!).Cancel(), limit, _readLimit, Timeout.InfiniteTimeSpan);
            try
            {
                return await SpoolAsync(kind, content, head, read, fileName, limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new KlingTimeoutException(
                    kind.Noun + " upload",
                    _readLimit,
                    $"Reading the forward-only {kind.Noun} stream \"{fileName}\" took longer than {_readLimit.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s (Timeouts.Upload); nothing was sent.",
                    ex);
            }
        }

        /// <summary>
        /// Reads a forward-only stream into memory, at most the endpoint's limit: one over it is refused before anything
        /// is sent, rather than failing halfway through its upload, and the copy can be sent again on a retry.
        /// </summary>
        /// <exception cref="ArgumentException">The stream holds more than the endpoint accepts; nothing was sent.</exception>
        private static async Task<Stream> SpoolAsync(MediaKind kind, Stream content, byte[] head, int read, string fileName, CancellationToken cancellationToken)
        {
            var spool = new SpooledStream();
            spool.Append(head, read);
            var buffer = new byte[81920];
            int n;
            while ((n = await content.ReadAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (spool.Length + n > kind.MaxBytes)
                {
                    throw new ArgumentException(
                        $"The {kind.Noun} \"{fileName}\" is larger than the {kind.MaxSizeText} the service accepts; nothing was sent.",
                        nameof(content));
                }

                spool.Append(buffer, n);
            }

            spool.Position = read;
            return spool;
        }

        private static async Task<int> ReadHeadAsync(Stream content, byte[] head, CancellationToken cancellationToken)
        {
            var total = 0;
            while (total < head.Length)
            {
                var n = await content.ReadAsync(head, total, head.Length - total, cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }

                total += n;
            }

            return total;
        }
    }
}
