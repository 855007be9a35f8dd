using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Testing;

namespace KlingO1.Cli
{
    /// <summary>The `kling` commands, runnable in-process (the tests drive it with their own writers).</summary>
    internal sealed class KlingCli
    {
        public const int Ok = 0;
        public const int Failed = 1;
        public const int BadUsage = 2;
        public const int Cancelled = 130;

        /// <summary>The exit code of a command cancelled by SIGTERM (128 + 15), as shells report a terminated one.</summary>
        public const int Terminated = 143;

        private readonly TextWriter _out;
        private readonly TextWriter _error;
        private readonly bool _interactive;
        private readonly TimeProvider _time;

        /// <param name="output">Where results go.</param>
        /// <param name="error">Where progress, warnings and errors go.</param>
        /// <param name="interactive">Whether the output is a terminal (progress redrawn in place).</param>
        /// <param name="time">The clock of every wait, the client's and the built-in simulator's; tests pass a fake one.</param>
        public KlingCli(TextWriter output, TextWriter error, bool interactive, TimeProvider? time = null)
        {
            _out = output;
            _error = error;
            _interactive = interactive;
            _time = time ?? TimeProvider.System;
        }

        /// <summary>Runs one command and returns the process exit code; never throws for expected failures.</summary>
        public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
        {
            if (args.Length == 1 && args[0] is "-h" or "--help" or "help")
            {
                await _out.WriteLineAsync(CliArguments.Usage).ConfigureAwait(false);
                return Ok;
            }

            try
            {
                var arguments = CliArguments.Parse(args);
                return arguments.Command switch
                {
                    "generate" => await GenerateAsync(arguments, cancellationToken).ConfigureAwait(false),
                    "status" => await StatusAsync(arguments, cancellationToken).ConfigureAwait(false),
                    "wait" => await WaitAsync(arguments, cancellationToken).ConfigureAwait(false),
                    "download" => await DownloadAsync(arguments, cancellationToken).ConfigureAwait(false),
                    "upload" => await UploadAsync(arguments, cancellationToken).ConfigureAwait(false),
                    "simulate" => await SimulateAsync(arguments, cancellationToken).ConfigureAwait(false),
                    _ => throw new CliUsageException($"Unknown command \"{arguments.Command}\"."),
                };
            }
            catch (CliUsageException ex)
            {
                await _error.WriteLineAsync($"error: {ex.Message}{Environment.NewLine}{Environment.NewLine}{CliArguments.Usage}").ConfigureAwait(false);
                return BadUsage;
            }
            catch (ArgumentException ex)
            {
                await _error.WriteLineAsync("error: " + ex.Message.Replace($" (Parameter '{ex.ParamName}')", string.Empty, StringComparison.Ordinal)).ConfigureAwait(false);
                return BadUsage;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await _error.WriteLineAsync("Cancelled. A task already submitted goes on at the service (with an API key, `kling wait <task-id>` resumes).").ConfigureAwait(false);
                return Cancelled;
            }
            catch (OperationCanceledException)
            {
                // Not the user's Ctrl+C: an HTTP request ran out of time.
                await _error.WriteLineAsync("error: the service did not answer in time; try again (a submitted task may still be running).").ConfigureAwait(false);
                return Failed;
            }
            catch (UnauthorizedAccessException ex)
            {
                await _error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
                return Failed;
            }
            catch (FileNotFoundException ex)
            {
                await _error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
                return BadUsage;
            }
            catch (Exception ex) when (ex is KlingException or IOException or System.Net.Http.HttpRequestException)
            {
                await _error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
                return Failed;
            }
        }

        private async Task<int> GenerateAsync(CliArguments arguments, CancellationToken cancellationToken)
        {
            var request = BuildRequest(arguments);
            var output = arguments.Out ?? "video.mp4";
            // Every generation is billed: make sure the video can be saved before asking for one.
            OutputPath.EnsureWritable(output);
            var shape = arguments.Shape ?? RequestShape.Auto;
            await using var connection = await ServiceConnection.OpenAsync(arguments.ApiKey, arguments.BaseUrl, allowSimulator: true, _error, _time, cancellationToken, shape).ConfigureAwait(false);

            var operation = await connection.Client.StartGenerationAsync(request, cancellationToken).ConfigureAwait(false);
            await _error.WriteLineAsync($"Submitted task {operation.Id} ({operation.Mode?.Value}, {operation.Duration?.Seconds} s).").ConfigureAwait(false);

            // The operation's wait expects the running time of the request's mode and length; a failed task throws.
            var finished = await WithProgressAsync(display => operation.WaitForCompletionAsync(display, cancellationToken)).ConfigureAwait(false);
            return await SaveAsync(connection, finished, output, cancellationToken).ConfigureAwait(false);
        }

        private async Task<int> StatusAsync(CliArguments arguments, CancellationToken cancellationToken)
        {
            var taskId = arguments.Single("a task id");
            await using var connection = await ServiceConnection.OpenAsync(arguments.ApiKey, arguments.BaseUrl, allowSimulator: false, _error, _time, cancellationToken).ConfigureAwait(false);
            var task = await connection.Client.GetTaskAsync(taskId, cancellationToken).ConfigureAwait(false);
            await _out.WriteLineAsync(Describe(task)).ConfigureAwait(false);
            return Ok;
        }

        private async Task<int> WaitAsync(CliArguments arguments, CancellationToken cancellationToken)
        {
            var taskId = arguments.Single("a task id");
            await using var connection = await ServiceConnection.OpenAsync(arguments.ApiKey, arguments.BaseUrl, allowSimulator: false, _error, _time, cancellationToken).ConfigureAwait(false);
            VideoTask task;
            try
            {
                task = await WithProgressAsync(display => connection.Client.WaitForCompletionAsync(taskId, display, cancellationToken)).ConfigureAwait(false);
            }
            catch (VideoTaskFailedException failed)
            {
                // A wait that ends in failure throws; the command still prints the task it ended with.
                await _out.WriteLineAsync(Describe(failed.Task)).ConfigureAwait(false);
                return Failed;
            }

            await _out.WriteLineAsync(Describe(task)).ConfigureAwait(false);
            return Ok;
        }

        private async Task<int> DownloadAsync(CliArguments arguments, CancellationToken cancellationToken)
        {
            var taskId = arguments.Single("a task id");
            await using var connection = await ServiceConnection.OpenAsync(arguments.ApiKey, arguments.BaseUrl, allowSimulator: false, _error, _time, cancellationToken).ConfigureAwait(false);
            var output = arguments.Out ?? taskId + ".mp4";
            OutputPath.EnsureWritable(output);
            var task = await connection.Client.GetTaskAsync(taskId, cancellationToken).ConfigureAwait(false);
            return await SaveAsync(connection, task, output, cancellationToken).ConfigureAwait(false);
        }

        private async Task<int> UploadAsync(CliArguments arguments, CancellationToken cancellationToken)
        {
            var path = arguments.Single("an image or video file");
            await using var connection = await ServiceConnection.OpenAsync(arguments.ApiKey, arguments.BaseUrl, allowSimulator: true, _error, _time, cancellationToken).ConfigureAwait(false);
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

            await _out.WriteLineAsync(stored).ConfigureAwait(false);
            return Ok;
        }

        /// <summary>
        /// Runs a simulator as a server until cancelled (Ctrl+C, SIGTERM), the way stripe-mock runs: other processes and
        /// languages use it, and a service restarted against it finds its simulated tasks still there.
        /// </summary>
        private async Task<int> SimulateAsync(CliArguments arguments, CancellationToken cancellationToken)
        {
            if (arguments.Positional.Count > 0)
            {
                throw new CliUsageException($"kling simulate takes only options (got \"{arguments.Positional[0]}\").");
            }

            if (arguments.ApiKey is { } key && string.IsNullOrWhiteSpace(key))
            {
                throw new CliUsageException("--api-key needs a key for the simulator to accept.");
            }

            var options = SimulatorSpeed.Options(arguments.TimeScale ?? SimulatorSpeed.DefaultTimeScale);
            options.Port = arguments.Port ?? 0;
            options.TimeProvider = _time;
            options.ApiKey = arguments.ApiKey ?? options.ApiKey;
            if ((arguments.WebhookUrl is null) != (arguments.WebhookSecret is null))
            {
                throw new CliUsageException("Webhooks need both --webhook-url and --webhook-secret.");
            }

            if (arguments.WebhookUrl is { } webhookUrl)
            {
                options.Webhook = new SimulatorWebhookOptions(webhookUrl, arguments.WebhookSecret!);
            }

            KlingSimulator started;
            try
            {
                started = await KlingSimulator.StartAsync(options, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopped before it listened: no task can have been submitted to it, so not the generic "Cancelled" words.
                await _error.WriteLineAsync("Simulator stopped before it started listening.").ConfigureAwait(false);
                return Ok;
            }

            await using var simulator = started;
            await _out.WriteLineAsync($"Simulator listening at {simulator.BaseAddress} (API key: {simulator.ApiKey}). Press Ctrl+C to stop.").ConfigureAwait(false);
            if (options.Webhook is { } webhooks)
            {
                await _out.WriteLineAsync($"Webhooks: each task's final event is posted to {webhooks.Url}, signed with the given secret.").ConfigureAwait(false);
            }

            await _out.WriteLineAsync($"  export {ServiceConnection.BaseUrlVariable}={simulator.BaseAddress} TOAPIS_API_KEY={ShellWord(simulator.ApiKey)}").ConfigureAwait(false);
            // Not cancellable: a stop that comes while the banner is flushed is the command's normal end, not a failure.
            await _out.FlushAsync(CancellationToken.None).ConfigureAwait(false);

            // Stopping is what this command is for: Ctrl+C or SIGTERM ends it with success.
            var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (cancellationToken.Register(static state => ((TaskCompletionSource)state!).TrySetResult(), stopped))
            {
                await stopped.Task.ConfigureAwait(false);
            }

            var tasks = simulator.Tasks.Count;
            await _error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Simulator stopped; it simulated {tasks} task{(tasks == 1 ? string.Empty : "s")}.")).ConfigureAwait(false);
            return Ok;
        }

        /// <summary>
        /// Returns <paramref name="value"/> as one POSIX shell word: as it is when it is plain, else in single quotes, so
        /// the printed export line pasted (or eval'd) sets the key and runs nothing in it.
        /// </summary>
        private static string ShellWord(string value)
            => value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or ':' or '/' or '@' or '%' or '+' or '=' or ',')
                ? value
                : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

        private static VideoGenerationRequest BuildRequest(CliArguments arguments)
        {
            var prompt = arguments.Single("a prompt, in quotes");
            // A URL is passed on; a local file is uploaded when the request is submitted.
            var images = arguments.Images.Select(KlingImageSource.Parse).ToList();
            if (arguments.FirstFrame is { } first)
            {
                images.Add(KlingImageSource.Parse(first).AsFirstFrame());
            }

            if (arguments.EndFrame is { } end)
            {
                images.Add(KlingImageSource.Parse(end).AsEndFrame());
            }

            var elements = arguments.Elements.Select(e => new SubjectElement(KlingImageSource.Parse(e)));
            var video = arguments.Video is { } v ? new ReferenceVideo(KlingVideoSource.Parse(v), arguments.VideoType) : null;
            var request = new VideoGenerationRequest(prompt, images, elements, video)
            {
                Mode = arguments.Mode == "pro" ? VideoMode.Professional : VideoMode.Standard,
                Duration = VideoDuration.FromSeconds(arguments.Duration ?? 5),
            };
            if (arguments.Aspect is { } aspect)
            {
                request.AspectRatio = new AspectRatio(aspect);
            }

            return request;
        }

        private async Task<VideoTask> WithProgressAsync(Func<IProgress<VideoTask>, Task<VideoTask>> wait)
        {
            var display = new ProgressDisplay(_error, _interactive);
            try
            {
                return await wait(display).ConfigureAwait(false);
            }
            finally
            {
                display.Finish();
            }
        }

        private async Task<int> SaveAsync(ServiceConnection connection, VideoTask task, string output, CancellationToken cancellationToken)
        {
            if (task.Status != VideoTaskStatus.Completed || task.VideoUrl is null)
            {
                await _error.WriteLineAsync($"error: task {task.Id} has no video to download ({task.Status}).").ConfigureAwait(false);
                return Failed;
            }

            var bytes = await connection.Client.DownloadVideoAsync(task, output, progress: null, cancellationToken).ConfigureAwait(false);
            await _out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Saved {Path.GetFullPath(output)} ({bytes:N0} bytes) from task {task.Id}.")).ConfigureAwait(false);
            return Ok;
        }

        private static string Describe(VideoTask task)
        {
            var text = string.Create(CultureInfo.InvariantCulture, $"{task.Id}  {task.Status}  {task.Progress}%  created {task.CreatedAt:u}");
            if (task.VideoUrl is not null)
            {
                text += string.Create(CultureInfo.InvariantCulture, $"{Environment.NewLine}video: {task.VideoUrl} (expires {task.ExpiresAt:u})");
            }

            return task.Error is null ? text : text + Environment.NewLine + "error: " + task.Error;
        }
    }
}
