using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Cli.Errors;
using KlingO1.Cli.Options;
using KlingO1.Cli.Service;

namespace KlingO1.Cli.Commands
{
    /// <summary>`kling upload`: uploads a local image or video and prints the URL to use in requests.</summary>
    internal static class UploadCommand
    {
        public static Command Create(CliContext context)
        {
            var file = new Argument<string>("file") { Description = "A local image (JPEG, PNG, WebP, GIF; at most 10 MB) or video (.mp4, .mov, .webm; at most 50 MB)." };
            var service = new ServiceOptions();
            var command = new Command("upload", "Upload a local image or video and print its URL.") { file };
            service.AddTo(command);
            command.SetAction((parse, cancellationToken) => RunAsync(context, parse, file, service, cancellationToken));
            return command;
        }

        private static async Task<int> RunAsync(CliContext context, ParseResult parse, Argument<string> file, ServiceOptions service, CancellationToken cancellationToken)
        {
            var path = parse.GetValue(file);
            if (string.IsNullOrWhiteSpace(path))
            {
                throw new CliUsageException("kling upload needs an image or video file.");
            }

            await using var connection = await ServiceConnection.OpenAsync(
                parse.GetValue(service.ApiKey), parse.GetValue(service.BaseUrl), allowSimulator: true, context.Error, context.Time, cancellationToken).ConfigureAwait(false);
            string stored;
            if (Path.GetExtension(path).ToLowerInvariant() is ".mp4" or ".mov" or ".webm")
            {
                var video = await connection.Client.UploadVideoAsync(path, cancellationToken).ConfigureAwait(false);
                stored = string.Create(CultureInfo.InvariantCulture, $"{video.Url}  ({video.MimeType}, {video.Size:N0} bytes, id {video.Id})");
            }
            else
            {
                var image = await connection.Client.UploadImageAsync(path, cancellationToken).ConfigureAwait(false);
                stored = string.Create(CultureInfo.InvariantCulture, $"{image.Url}  ({image.MimeType}, {image.Size:N0} bytes, id {image.Id})");
            }

            await context.Out.WriteLineAsync(stored).ConfigureAwait(false);
            return ExitCodes.Ok;
        }
    }
}
