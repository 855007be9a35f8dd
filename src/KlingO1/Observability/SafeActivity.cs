using System;
using System.Diagnostics;

namespace KlingO1.Observability
{
    /// <summary>
    /// A span of the SDK's that a throwing <see cref="ActivityListener"/> cannot turn into a failed operation: starting and
    /// stopping run the application's listeners, and a broken one must not cost a paid task or the id that finds it.
    /// </summary>
    internal readonly struct SafeActivity : IDisposable
    {
        private SafeActivity(Activity? activity) => Activity = activity;

        /// <summary>Gets the span, or null when nobody listens (or a listener threw while it started).</summary>
        public Activity? Activity { get; }

        public static SafeActivity Start(string name, ActivityKind kind = ActivityKind.Internal)
        {
            try
            {
                return new SafeActivity(Instruments.Source.HasListeners() ? Instruments.Source.StartActivity(name, kind) : null);
            }
            catch (Exception)
            {
                return default;
            }
        }

        /// <summary>
        /// Marks the span failed as the conventions ask: status Error (no description: <c>error.type</c> says what) and
        /// <c>error.type</c>.
        /// </summary>
        /// <param name="errorType">A status code as text ("404"), or an exception's full type name.</param>
        public void Fail(string errorType)
        {
            if (Activity is { } activity)
            {
                activity.SetStatus(ActivityStatusCode.Error);
                activity.SetTag(TelemetryTags.ErrorType, errorType);
            }
        }

        /// <summary>Marks the span failed by <paramref name="exception"/> (<see cref="TelemetryTags.ErrorTypeOf"/>).</summary>
        public void Fail(Exception exception)
        {
            if (Activity is not null)
            {
                Fail(TelemetryTags.ErrorTypeOf(exception));
            }
        }

        public void Dispose()
        {
            try
            {
                Activity?.Dispose();
            }
            catch (Exception)
            {
                // See the summary: the operation's outcome stands.
            }
        }
    }
}
