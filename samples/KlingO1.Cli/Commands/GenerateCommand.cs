using System.CommandLine;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Cli.Errors;
using KlingO1.Cli.Options;
using KlingO1.Cli.Output;
using KlingO1.Cli.Service;

namespace KlingO1.Cli.Commands
{
    /// <summary>`kling generate`: one video from a prompt, submitted, waited for with progress, and saved.</summary>
    internal static class GenerateCommand
    {
        public const string DefaultName = "video.mp4";

        public const string Notes = """
            Examples:
              kling generate "A cat playing piano, cinematic lighting" --out cat.mp4
              kling generate "<<<image_1>>> waves" -i photo.png -m pro -d 10 -a 9:16
              kling generate "Dawn to dusk" --first-frame dawn.png --end-frame dusk.png --duration 7
              kling generate -m pro -- "--- a prompt that starts with dashes"
            Checked before anything is submitted (and billed): the prompt and its <<<image_N>>>, <<<element_N>>> and
            <<<video_1>>> references, the images, and that --out can be written and does not exist (unless --overwrite).
            """;

        public static Command Create(CliContext context)
        {
            var prompt = new Argument<string>("prompt") { Description = "What the video shows, in quotes; <<<image_N>>> names the N-th image." };
            var request = new RequestOptions();
            var output = new OutputOptions(DefaultName);
            var service = new ServiceOptions();
            var command = new Command("generate", "Generate a video from a prompt (and images), wait for it with progress, and save it.") { prompt };
            request.AddTo(command);
            output.AddTo(command);
            service.AddTo(command);
            command.SetAction((parse, cancellationToken) => RunAsync(context, parse, prompt, request, output, service, cancellationToken));
            return command;
        }

        private static async Task<int> RunAsync(
            CliContext context, ParseResult parse, Argument<string> promptArgument, RequestOptions requestOptions, OutputOptions outputOptions, ServiceOptions service, CancellationToken cancellationToken)
        {
            var prompt = parse.GetValue(promptArgument);
            if (string.IsNullOrWhiteSpace(prompt))
            {
                throw new CliUsageException("kling generate needs a prompt, in quotes.");
            }

            // Everything that can be checked here is, before the (billed) submit.
            var request = requestOptions.Read(parse, prompt).ToRequest();
            var overwrite = parse.GetValue(outputOptions.Overwrite);
            var output = OutputTarget.Resolve(parse.GetValue(outputOptions.Out), DefaultName, overwrite);
            var shape = parse.GetValue(requestOptions.Shape) ?? RequestShape.Auto;
            await using var connection = await ServiceConnection.OpenAsync(
                parse.GetValue(service.ApiKey), parse.GetValue(service.BaseUrl), allowSimulator: true, context.Error, context.Time, cancellationToken, shape).ConfigureAwait(false);

            var operation = await connection.Client.StartGenerationAsync(request, cancellationToken).ConfigureAwait(false);
            await context.Error.WriteLineAsync($"Submitted task {operation.Id} ({operation.Mode?.Value ?? "default mode"}, {operation.Duration?.Seconds.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "default length"} s).").ConfigureAwait(false);
            try
            {
                // The operation's wait expects the running time of the request's mode and length; a failed task throws.
                var finished = await ProgressWait.RunAsync(context, connection, display => operation.WaitForCompletionAsync(display, cancellationToken)).ConfigureAwait(false);
                var bytes = await VideoSaver.SaveAsync(connection, finished, output, overwrite, cancellationToken).ConfigureAwait(false);
                await context.Out.WriteLineAsync(VideoSaver.Saved(output, bytes, finished.Id)).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            catch (System.OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw new CliFailure(
                    ExitCodes.Cancelled,
                    connection.IsSimulated
                        ? "Cancelled; the built-in simulator's task ends with this run."
                        : $"Cancelled. Task {operation.Id} goes on at the service (and is billed): `kling wait {operation.Id}` follows it, `kling download {operation.Id} --out {output}` saves it.");
            }
        }
    }
}
