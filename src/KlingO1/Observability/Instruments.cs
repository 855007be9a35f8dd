using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace KlingO1.Observability
{
    /// <summary>The SDK's one activity source and one meter, with its instruments (process-wide, thread-safe).</summary>
    internal static class Instruments
    {
        private static readonly string Version = typeof(Instruments).Assembly.GetName().Version?.ToString(3) ?? "1.0.0";

        public static readonly ActivitySource Source = new(KlingTelemetry.ActivitySourceName, Version);

        private static readonly Meter Meter = new(KlingTelemetry.MeterName, Version);

        public static readonly Counter<long> Submits = Meter.CreateCounter<long>("klingo1.submits", description: "Submits sent (each may be billed).");

        public static readonly Counter<long> StatusReads = Meter.CreateCounter<long>("klingo1.status_reads", description: "Task status reads sent.");

        public static readonly Counter<long> Retries = Meter.CreateCounter<long>("klingo1.retries", description: "Requests sent again after a passing failure.");

        public static readonly Histogram<double> QueuedSeconds = Meter.CreateHistogram<double>("klingo1.task.queued", "s", "Time from creation until a task was seen running.");

        public static readonly Histogram<double> RunningSeconds = Meter.CreateHistogram<double>("klingo1.task.running", "s", "Time from a task seen running until it ended.");

        public static readonly Histogram<double> DetectionLagSeconds = Meter.CreateHistogram<double>("klingo1.wait.detection_lag", "s", "Time from a task's completion until a wait saw it.");
    }
}
