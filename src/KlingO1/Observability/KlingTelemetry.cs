namespace KlingO1
{
    /// <summary>
    /// The names under which the SDK reports traces and metrics, for OpenTelemetry:
    /// <c>.AddSource(KlingTelemetry.ActivitySourceName)</c> and <c>.AddMeter(KlingTelemetry.MeterName)</c>.
    /// </summary>
    /// <remarks>
    /// Spans: <c>KlingO1 submit</c>, <c>KlingO1 status read</c>, <c>KlingO1 image upload</c>, <c>KlingO1 video download</c>
    /// and <c>KlingO1 wait</c> (tags <c>klingo1.task_id</c>, <c>klingo1.mode</c>, <c>klingo1.duration_s</c>,
    /// <c>klingo1.status</c>, <c>klingo1.polls</c>, <c>klingo1.detection_lag_ms</c>). Metrics: counters
    /// <c>klingo1.submits</c>, <c>klingo1.status_reads</c>, <c>klingo1.retries</c> (tag <c>operation</c>); histograms
    /// <c>klingo1.task.queued</c>, <c>klingo1.task.running</c> and <c>klingo1.wait.detection_lag</c>, in seconds.
    /// Logs go to <c>ILogger</c> category <c>KlingO1.KlingVideoClient</c>; they never hold the API key or a prompt.
    /// </remarks>
    public static class KlingTelemetry
    {
        /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> name.</summary>
        public const string ActivitySourceName = "KlingO1";

        /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> name.</summary>
        public const string MeterName = "KlingO1";
    }
}
