using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace KlingO1.Testing.Endpoints
{
    /// <summary>
    /// Enters one request in the simulator's log exactly once, and before the client can see its outcome: when the
    /// response starts, or just before the connection is dropped on purpose. Logging after the handler returned would
    /// let a client that already has its answer find the log without its own request.
    /// </summary>
    internal sealed class RequestLog
    {
        private static readonly object Key = new();
        private readonly HttpContext _context;
        private readonly SimulatorState _state;
        private readonly string _path;
        private readonly bool _hadAuthorization;
        private int _recorded;

        private RequestLog(HttpContext context, SimulatorState state, string path)
        {
            _context = context;
            _state = state;
            _path = path;
            _hadAuthorization = context.Request.Headers.ContainsKey("Authorization");
        }

        /// <summary>Starts logging <paramref name="context"/>: it is entered when its response starts at the latest.</summary>
        public static RequestLog Begin(HttpContext context, SimulatorState state, string path)
        {
            var log = new RequestLog(context, state, path);
            context.Items[Key] = log;
            context.Response.OnStarting(static log => ((RequestLog)log).Record(), log);
            return log;
        }

        /// <summary>Enters the request as unanswered (status 0), then drops the connection.</summary>
        public static void Abort(HttpContext context)
        {
            if (context.Items[Key] is RequestLog log)
            {
                log.Record(unanswered: true);
            }

            context.Abort();
        }

        /// <summary>
        /// Enters the request with its status now (<paramref name="failedWith"/> for a handler that failed before its
        /// answer started, which the server answers with that status), unless it was entered already.
        /// </summary>
        public Task Record(bool unanswered = false, int? failedWith = null)
        {
            if (Interlocked.Exchange(ref _recorded, 1) == 0)
            {
                var response = _context.Response;
                var status = unanswered || (_context.RequestAborted.IsCancellationRequested && !response.HasStarted) ? 0 : failedWith ?? response.StatusCode;
                _state.Record(new ReceivedRequest(_context.Request.Method, _path, status, _hadAuthorization, _state.Time.GetUtcNow()));
            }

            return Task.CompletedTask;
        }
    }
}
