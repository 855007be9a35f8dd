namespace KlingO1
{
    /// <summary>
    /// The names under which the SDK reports traces and metrics, for OpenTelemetry:
    /// <c>.AddSource(KlingTelemetry.ActivitySourceName)</c> and <c>.AddMeter(KlingTelemetry.MeterName)</c>.
    /// </summary>
    /// <remarks>
    /// Spans (all <see cref="System.Diagnostics.ActivityKind.Internal"/>: each covers one logical call, retries included,
    /// over System.Net.Http's own Client span per attempt): <c>KlingO1 submit</c>, <c>KlingO1 status read</c>,
    /// <c>KlingO1 balance read</c>, <c>KlingO1 image upload</c>, <c>KlingO1 video upload</c>, <c>KlingO1 video download</c>
    /// with <c>klingo1.operation</c>, <c>http.request.method</c>, <c>server.address</c>, <c>server.port</c>,
    /// <c>url.full</c> (no credentials, no query values), <c>http.response.status_code</c> and, when failed, status Error
    /// and <c>error.type</c>; a submit adds <c>gen_ai.operation.name</c>, <c>gen_ai.provider.name</c> and
    /// <c>gen_ai.request.model</c>. <c>KlingO1 wait</c> has <c>klingo1.task_id</c>, <c>klingo1.status</c>,
    /// <c>klingo1.polls</c> and <c>klingo1.detection_lag_ms</c>. Metrics: counters <c>klingo1.submits</c> and
    /// <c>klingo1.status_reads</c> (<c>{request}</c>), <c>klingo1.retries</c> (<c>{retry}</c>, tag <c>klingo1.operation</c>);
    /// histograms <c>klingo1.task.queued</c>, <c>klingo1.task.running</c>, <c>klingo1.wait.detection_lag</c> (<c>s</c>) and
    /// <c>klingo1.wait.polls</c> (<c>{request}</c>). Logs go to <c>ILogger</c> category <c>KlingO1.KlingVideoClient</c>;
    /// no log, tag or measurement holds the API key or a prompt.
    /// </remarks>
    public static class KlingTelemetry
    {
        /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> name.</summary>
        public const string ActivitySourceName = "KlingO1";

        /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> name.</summary>
        public const string MeterName = "KlingO1";
    }
}
