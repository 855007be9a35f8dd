using System;
using System.Collections.Generic;
using Microsoft.Extensions.Logging;

namespace KlingO1.Tests.Infrastructure
{
    /// <summary>A logger that keeps every formatted entry, for asserting what the SDK logs (and never logs).</summary>
    internal sealed class RecordingLogger<T> : ILogger<T>
    {
        private readonly List<(LogLevel Level, EventId Id, string Message)> _entries = new();

        public IReadOnlyList<(LogLevel Level, EventId Id, string Message)> Entries
        {
            get
            {
                lock (_entries)
                {
                    return _entries.ToArray();
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_entries)
            {
                _entries.Add((logLevel, eventId, formatter(state, exception) + (exception is null ? string.Empty : " | " + exception)));
            }
        }
    }
}
