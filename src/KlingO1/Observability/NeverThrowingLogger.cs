using System;
using Microsoft.Extensions.Logging;

namespace KlingO1.Observability
{
    /// <summary>
    /// The logger the SDK writes through: a logger (or one of its providers) that throws cannot end an operation, so a
    /// broken log sink never costs a paid task or the id that finds it. What it threw is dropped: there is nowhere safer
    /// to report a failure of the log itself.
    /// </summary>
    internal sealed class NeverThrowingLogger : ILogger
    {
        private readonly ILogger _inner;

        private NeverThrowingLogger(ILogger inner) => _inner = inner;

        public static ILogger Wrap(ILogger logger) => logger is NeverThrowingLogger ? logger : new NeverThrowingLogger(logger);

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            try
            {
                return _inner.BeginScope(state);
            }
            catch (Exception)
            {
                return null;
            }
        }

        public bool IsEnabled(LogLevel logLevel)
        {
            try
            {
                return _inner.IsEnabled(logLevel);
            }
            catch (Exception)
            {
                return false;
            }
        }

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            try
            {
                _inner.Log(logLevel, eventId, state, exception, formatter);
            }
            catch (Exception)
            {
                // See the class remarks: a failing log must not end the SDK's operation.
            }
        }
    }
}
