using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using KlingO1.Cli.Errors;
using Microsoft.Extensions.Logging;

namespace KlingO1.Cli.Service
{
    /// <summary>
    /// The client's logger, turned into what the user should see while a wait goes on through trouble: each status read
    /// that failed and is retried (the SDK's events 4 "Retrying the status read" and 5 "the wait polls on"). Without it a
    /// wait with the network down would be silent until it gave up.
    /// </summary>
    internal sealed class StatusReadNotices : ILoggerFactory, ILogger
    {
        private const int RetryingEvent = 4;
        private const int ReadFailureAbsorbedEvent = 5;

        private static readonly Regex ExceptionName = new(@"\b\w+Exception: ", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

        private Action<string?, string>? _listener;

        /// <summary>Sends each notice to <paramref name="listener"/>: the task id (null when the SDK names none) and the text.</summary>
        public void Listen(Action<string?, string>? listener) => _listener = listener;

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public ILogger CreateLogger(string categoryName) => this;

        public void Dispose()
        {
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
            => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning && _listener is not null;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (_listener is not { } listener || state is not IReadOnlyList<KeyValuePair<string, object?>> values)
            {
                return;
            }

            if (eventId.Id == RetryingEvent && Equals(Value(values, "Operation"), "status read"))
            {
                var delay = Value(values, "Delay") is TimeSpan wait ? Seconds(wait) : "shortly";
                listener(null, $"status read failed ({Reason(values)}); retrying in {delay}...");
            }
            else if (eventId.Id == ReadFailureAbsorbedEvent)
            {
                listener(Value(values, "TaskId") as string, $"status read failed ({Reason(values)}); still waiting, retrying...");
            }
        }

        /// <summary>Returns the SDK's reason in the CLI's words, without the exception type it may start with.</summary>
        private static string Reason(IReadOnlyList<KeyValuePair<string, object?>> values)
            => SdkWords.Translate(ExceptionName.Replace(Value(values, "Reason") as string ?? "no reason given", string.Empty)).TrimEnd('.');

        private static object? Value(IReadOnlyList<KeyValuePair<string, object?>> values, string name)
        {
            foreach (var pair in values)
            {
                if (pair.Key == name)
                {
                    return pair.Value;
                }
            }

            return null;
        }

        private static string Seconds(TimeSpan delay) => delay.TotalSeconds < 1 ? "under a second" : Math.Round(delay.TotalSeconds) + " s";
    }
}
