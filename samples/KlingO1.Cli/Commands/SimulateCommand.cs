using System;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Cli.Errors;
using KlingO1.Cli.Service;
using KlingO1.Testing;

namespace KlingO1.Cli.Commands
{
    /// <summary>
    /// `kling simulate`: runs a simulator as a server until cancelled (Ctrl+C, SIGTERM), the way stripe-mock runs: other
    /// processes and languages use it, and a service restarted against it finds its simulated tasks still there.
    /// </summary>
    internal static class SimulateCommand
    {
        public static Command Create(CliContext context)
        {
            var port = new Option<int?>("--port", "-p")
            {
                Description = "The loopback port to listen on (default 0: a free one, printed).",
                HelpName = "n",
                CustomParser = result => Parse(result, "port", "use 0 to 65535 (0 picks a free one)", text =>
                    int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= 65535 ? value : (int?)null),
            };
            var apiKey = new Option<string>("--api-key") { Description = "The key the simulator accepts (default: sim_test_key).", HelpName = "key" };
            var timeScale = new Option<double?>("--time-scale")
            {
                Description = $"How many times faster than the service to run (default {SimulatorSpeed.DefaultTimeScale.ToString(CultureInfo.InvariantCulture)}; "
                    + $"{SimulatorSpeed.MinTimeScale.ToString(CultureInfo.InvariantCulture)} to {SimulatorSpeed.MaxTimeScale.ToString(CultureInfo.InvariantCulture)}).",
                HelpName = "f",
                CustomParser = result => Parse(
                    result,
                    "time scale",
                    $"use how many times faster than the service to run, from {SimulatorSpeed.MinTimeScale.ToString(CultureInfo.InvariantCulture)} to {SimulatorSpeed.MaxTimeScale.ToString(CultureInfo.InvariantCulture)}",
                    text => double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value >= SimulatorSpeed.MinTimeScale && value <= SimulatorSpeed.MaxTimeScale ? value : (double?)null),
            };
            var webhookUrl = new Option<Uri?>("--webhook-url")
            {
                Description = "Post each task's final event to this URL, as the service does (needs --webhook-secret).",
                HelpName = "url",
                CustomParser = result => Parse(result, "webhook URL", "use the http(s) address of your endpoint", text =>
                    Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps) ? url : null),
            };
            var webhookSecret = new Option<string>("--webhook-secret") { Description = "The secret webhook deliveries are signed with.", HelpName = "secret" };
            var command = new Command("simulate", "Run the offline simulator as a server until Ctrl+C or SIGTERM, for other processes and languages; prints its address and key.")
            {
                port, apiKey, timeScale, webhookUrl, webhookSecret,
            };
            command.SetAction((parse, cancellationToken) => RunAsync(
                context,
                parse.GetValue(port),
                parse.GetValue(apiKey),
                parse.GetValue(timeScale),
                parse.GetValue(webhookUrl),
                parse.GetValue(webhookSecret),
                cancellationToken));
            return command;
        }

        private static T? Parse<T>(System.CommandLine.Parsing.ArgumentResult result, string noun, string advice, Func<string, T?> read)
            where T : struct
            => Parse<T?>(result, noun, advice, read, null);

        private static Uri? Parse(System.CommandLine.Parsing.ArgumentResult result, string noun, string advice, Func<string, Uri?> read)
            => Parse<Uri?>(result, noun, advice, read, null);

        private static T Parse<T>(System.CommandLine.Parsing.ArgumentResult result, string noun, string advice, Func<string, T> read, T none)
        {
            if (result.Tokens.Count != 1)
            {
                return none;
            }

            var text = result.Tokens[0].Value;
            var value = read(text);
            if (value is null)
            {
                result.AddError($"Unknown {noun} \"{text}\": {advice}.");
            }

            return value;
        }

        private static async Task<int> RunAsync(CliContext context, int? port, string? apiKey, double? timeScale, Uri? webhookUrl, string? webhookSecret, CancellationToken cancellationToken)
        {
            if (apiKey is not null && string.IsNullOrWhiteSpace(apiKey))
            {
                throw new CliUsageException("--api-key needs a key for the simulator to accept.");
            }

            if ((webhookUrl is null) != (webhookSecret is null))
            {
                throw new CliUsageException("Webhooks need both --webhook-url and --webhook-secret.");
            }

            if (webhookSecret is not null && string.IsNullOrWhiteSpace(webhookSecret))
            {
                throw new CliUsageException("--webhook-secret needs the secret to sign deliveries with.");
            }

            var options = SimulatorSpeed.Options(timeScale ?? SimulatorSpeed.DefaultTimeScale);
            options.Port = port ?? 0;
            options.TimeProvider = context.Time;
            options.ApiKey = apiKey ?? options.ApiKey;
            if (webhookUrl is not null)
            {
                options.Webhook = new SimulatorWebhookOptions(webhookUrl, webhookSecret!);
            }

            KlingSimulator started;
            try
            {
                started = await KlingSimulator.StartAsync(options, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopped before it listened: no task can have been submitted to it, so not the generic "Cancelled" words.
                await context.Error.WriteLineAsync("Simulator stopped before it started listening.").ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            await using var simulator = started;
            await context.Out.WriteLineAsync($"Simulator listening at {simulator.BaseAddress} (API key: {simulator.ApiKey}). Press Ctrl+C to stop.").ConfigureAwait(false);
            if (options.Webhook is { } webhooks)
            {
                await context.Out.WriteLineAsync($"Webhooks: each task's final event is posted to {webhooks.Url}, signed with the given secret.").ConfigureAwait(false);
            }

            await context.Out.WriteLineAsync($"  export {ServiceConnection.BaseUrlVariable}={simulator.BaseAddress} {ServiceConnection.ApiKeyVariable}={ShellWord(simulator.ApiKey)}").ConfigureAwait(false);
            // Not cancellable: a stop that comes while the banner is flushed is the command's normal end, not a failure.
            await context.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);

            // Stopping is what this command is for: Ctrl+C or SIGTERM ends it with success.
            var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (cancellationToken.Register(static state => ((TaskCompletionSource)state!).TrySetResult(), stopped))
            {
                await stopped.Task.ConfigureAwait(false);
            }

            var tasks = simulator.Tasks.Count;
            await context.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Simulator stopped; it simulated {tasks} task{(tasks == 1 ? string.Empty : "s")}.")).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        /// <summary>
        /// Returns <paramref name="value"/> as one POSIX shell word: as it is when it is plain, else in single quotes, so
        /// the printed export line pasted (or eval'd) sets the key and runs nothing in it.
        /// </summary>
        internal static string ShellWord(string value)
            => value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or ':' or '/' or '@' or '%' or '+' or '=' or ',')
                ? value
                : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
