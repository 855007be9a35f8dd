using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace KlingO1.Observability
{
    /// <summary>The SDK's one activity source and one meter, with its instruments (process-wide, thread-safe).</summary>
    /// <remarks>
    /// Units are UCUM, as the OpenTelemetry conventions ask: seconds as <c>s</c>, counts as an annotation in braces. Per-attempt
    /// HTTP measures (<c>http.client.request.duration</c>) are System.Net.Http's; these are the task-level ones no
    /// convention has.
    /// </remarks>
    internal static class Instruments
    {
        private static readonly string Version = typeof(Instruments).Assembly.GetName().Version?.ToString(3) ?? "1.0.0";

        public static readonly ActivitySource Source = new(KlingTelemetry.ActivitySourceName, Version);

        private static readonly Meter Meter = new(KlingTelemetry.MeterName, Version);

        public static readonly Counter<long> Submits = Meter.CreateCounter<long>("klingo1.submits", "{request}", "Submits sent (each may be billed).");

        public static readonly Counter<long> StatusReads = Meter.CreateCounter<long>("klingo1.status_reads", "{request}", "Task status reads sent.");

        public static readonly Counter<long> Retries = Meter.CreateCounter<long>("klingo1.retries", "{retry}", "Requests sent again after a passing failure (tag klingo1.operation).");

        public static readonly Histogram<double> QueuedSeconds = Meter.CreateHistogram<double>("klingo1.task.queued", "s", "Time from creation until a task was seen running.");

        public static readonly Histogram<double> RunningSeconds = Meter.CreateHistogram<double>("klingo1.task.running", "s", "Time from a task seen running until it ended.");

        public static readonly Histogram<double> DetectionLagSeconds = Meter.CreateHistogram<double>("klingo1.wait.detection_lag", "s", "Time from a task's completion until a wait saw it.");

        public static readonly Histogram<long> WaitPolls = Meter.CreateHistogram<long>("klingo1.wait.polls", "{request}", "Status reads one ended wait sent.");
    }
}
