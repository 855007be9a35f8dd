using Hangfire.AspNetCore;
using Hangfire.Logging;

namespace KlingO1.WebApi.Hosting;

/// <summary>
/// Hangfire's logs in this application's logging. Hangfire keeps one log provider per process, and its parts ask it
/// for a logger whenever they open a connection; in a process that hosts more than one application (integration tests),
/// the provider set last may belong to an application already disposed, whose logger factory throws. Loggers are made
/// on first use, and one whose factory is gone drops the entry instead of failing the job engine.
/// </summary>
internal sealed class HangfireLogs : ILogProvider
{
    private readonly AspNetCoreLogProvider _logging;

    public HangfireLogs(ILoggerFactory loggerFactory)
    {
        _logging = new AspNetCoreLogProvider(loggerFactory);
    }

    public ILog GetLogger(string name) => new LazyLog(_logging, name);

    private sealed class LazyLog : ILog
    {
        private readonly ILogProvider _logging;
        private readonly string _name;
        private ILog? _log;

        public LazyLog(ILogProvider logging, string name)
        {
            _logging = logging;
            _name = name;
        }

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            try
            {
                return (_log ??= _logging.GetLogger(_name)).Log(logLevel, messageFunc, exception);
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }
    }
}
