using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace KlingO1.Cli
{
    /// <summary>
    /// Saves a finished video: streamed to a temporary file beside the target and moved into place only when complete,
    /// so a failed or cancelled download never leaves a partial file. The file host gets no API key.
    /// </summary>
    internal static class VideoDownloader
    {
        public static async Task<long> DownloadAsync(HttpClient http, Uri videoUrl, string path, CancellationToken cancellationToken)
        {
            var target = Path.GetFullPath(path);
            var temporary = target + ".part";
            try
            {
                using (var response = await http.GetAsync(videoUrl, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false))
                {
                    if (!response.IsSuccessStatusCode)
                    {
                        throw new IOException($"The video host answered HTTP {(int)response.StatusCode} for {videoUrl}; the URL may have expired (videos live 24 hours).");
                    }

                    var expected = response.Content.Headers.ContentLength;
                    long written;
                    using (var source = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false))
                    using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true))
                    {
                        await source.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                        written = file.Length;
                    }

                    if (expected is { } length && length != written)
                    {
                        throw new IOException($"The download stopped at {written} of {length} bytes.");
                    }

                    File.Move(temporary, target, overwrite: true);
                    return written;
                }
            }
            finally
            {
                if (File.Exists(temporary))
                {
                    File.Delete(temporary);
                }
            }
        }
    }
}
