using System;
using Hangfire.AspNetCore;
using KlingO1.WebApi.Hosting;
using Microsoft.Extensions.Logging;
using HangfireLogLevel = Hangfire.Logging.LogLevel;

namespace KlingO1.Tests.Samples
{
    /// <summary>
    /// Hangfire's log provider is one per process: in a process hosting more than one service, the one set last may
    /// belong to a service already disposed, and the others' job engines still ask it for loggers.
    /// </summary>
    public sealed class HangfireLogsTests
    {
        [Fact]
        public void GetLogger_AfterItsLoggerFactoryIsDisposed_DropsTheEntryInsteadOfThrowing()
        {
            var loggerFactory = LoggerFactory.Create(_ => { });
            var logs = new HangfireLogs(loggerFactory);
            var hangfiresOwn = new AspNetCoreLogProvider(loggerFactory);
            loggerFactory.Dispose();

            var written = logs.GetLogger("Hangfire.Server.Worker").Log(HangfireLogLevel.Info, () => "a worker started");

            Assert.False(written);
            Assert.Throws<ObjectDisposedException>(() => hangfiresOwn.GetLogger("Hangfire.Server.Worker"));
        }

        [Fact]
        public void GetLogger_WhileItsLoggerFactoryLives_WritesThroughIt()
        {
            var sink = new CountingProvider();
            using var loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(sink).SetMinimumLevel(LogLevel.Debug));
            var logs = new HangfireLogs(loggerFactory);

            var written = logs.GetLogger("Hangfire.Server.Worker").Log(HangfireLogLevel.Info, () => "a worker started");

            Assert.True(written);
            Assert.Equal(1, sink.Entries);
        }

        private sealed class CountingProvider : ILoggerProvider, ILogger
        {
            public int Entries { get; private set; }

            public ILogger CreateLogger(string categoryName) => this;

            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) => Entries++;

            public void Dispose()
            {
            }
        }
    }
}
