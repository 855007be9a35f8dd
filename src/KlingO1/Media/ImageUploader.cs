using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Transport;

namespace KlingO1.Media
{
    /// <summary>
    /// Uploads local images: checks each one before sending (format from its first bytes, not empty, at most 10 MB),
    /// streams it, and gives a request's local images their URLs — the same image once.
    /// </summary>
    internal sealed class ImageUploader
    {
        /// <summary>The upload endpoint's size limit.</summary>
        public const long MaxBytes = 10L * 1024 * 1024;

        private readonly KlingHttpTransport _transport;

        public ImageUploader(KlingHttpTransport transport) => _transport = transport;

        /// <exception cref="ArgumentException">The image is empty, too large or not JPEG/PNG/WebP/GIF; nothing was sent.</exception>
        public async Task<UploadedImage> UploadAsync(Stream content, string fileName, CancellationToken cancellationToken)
        {
            var head = new byte[ImageFormat.SignatureLength];
            var read = await ReadHeadAsync(content, head, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new ArgumentException($"The image \"{fileName}\" is empty.", nameof(content));
            }

            var format = ImageFormat.Detect(head, read) ?? throw new ArgumentException(
                $"\"{fileName}\" is not a JPEG, PNG, WebP or GIF image (judged by its first bytes, not its name); the upload endpoint takes only those.",
                nameof(content));

            Func<HttpContent> createContent;
            bool canRetry;
            if (content.CanSeek)
            {
                var start = content.Position - read;
                var size = content.Length - start;
                if (size > MaxBytes)
                {
                    throw new ArgumentException(
                        $"The image \"{fileName}\" has {size.ToString("N0", CultureInfo.InvariantCulture)} bytes; the service accepts at most 10 MB.",
                        nameof(content));
                }

                // Every attempt reads from the start again, so the upload can be retried and can state its length.
                createContent = () =>
                {
                    content.Position = start;
                    return FileContent(new UploadStream(content, head, 0, MaxBytes, fileName), format.MimeType);
                };
                canRetry = true;
            }
            else
            {
                // A forward-only stream can be sent once: the bytes peeked for the format go first.
                createContent = () => FileContent(new UploadStream(content, head, read, MaxBytes, fileName), format.MimeType);
                canRetry = false;
            }

            return await _transport.UploadImageAsync(createContent, fileName, canRetry, cancellationToken).ConfigureAwait(false);
        }

        /// <exception cref="FileNotFoundException">No file exists at <paramref name="filePath"/>.</exception>
        /// <exception cref="ArgumentException">The image is empty, too large or of another format; nothing was sent.</exception>
        public async Task<UploadedImage> UploadFileAsync(string filePath, CancellationToken cancellationToken)
        {
            var source = ImageSource.FromFile(filePath);
            using var file = OpenRead(source.FilePath!);
            return await UploadAsync(file, source.FileName!, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Returns the URL of every image in order, uploading local ones first (each distinct image once). If an upload
        /// fails the exception propagates, so no request is submitted with a missing image.
        /// </summary>
        public async Task<IReadOnlyList<Uri>> ResolveAsync(IReadOnlyList<ImageSource> images, CancellationToken cancellationToken)
        {
            var urls = new Uri[images.Count];
            for (var i = 0; i < images.Count; i++)
            {
                var image = images[i];
                var earlier = FindEarlier(images, i);
                urls[i] = image.Url
                    ?? (earlier >= 0 ? urls[earlier] : (await UploadSourceAsync(image, cancellationToken).ConfigureAwait(false)).Url);
            }

            return urls;
        }

        private static int FindEarlier(IReadOnlyList<ImageSource> images, int index)
        {
            for (var j = 0; j < index; j++)
            {
                if (images[j].SameImageAs(images[index]))
                {
                    return j;
                }
            }

            return -1;
        }

        private async Task<UploadedImage> UploadSourceAsync(ImageSource image, CancellationToken cancellationToken)
        {
            if (image.FilePath is not null)
            {
                return await UploadFileAsync(image.FilePath, cancellationToken).ConfigureAwait(false);
            }

            image.RewindStream();
            return await UploadAsync(image.Stream!, image.FileName!, cancellationToken).ConfigureAwait(false);
        }

        private static StreamContent FileContent(Stream body, string mimeType)
        {
            var content = new StreamContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue(mimeType);
            return content;
        }

        private static FileStream OpenRead(string path)
            => new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);

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
