using System;
using System.Globalization;
using System.Net;
using KlingO1.Observability;
using KlingO1.Transport.Operations;

namespace KlingO1.Transport
{
    /// <summary>
    /// The span of one SDK operation (an entry of the operation table), by the OpenTelemetry conventions. It is
    /// <see cref="System.Diagnostics.ActivityKind.Internal"/>: it covers the whole logical call, retries included, and
    /// each attempt is System.Net.Http's own Client span beneath it, so a trace holds one Client span per request sent.
    /// It carries the HTTP and server attributes of what it called, the status of the answer it ended with, and
    /// <c>error.type</c> when it failed.
    /// </summary>
    internal static class OperationSpans
    {
        /// <summary>Starts the span of <paramref name="operation"/> at <paramref name="address"/> (null when nobody listens).</summary>
        /// <param name="operation">The entry of the table.</param>
        /// <param name="address">Where it is sent; <c>url.full</c> carries it without credentials or query values.</param>
        /// <param name="model">For a submit: the model asked for (<c>gen_ai.request.model</c>).</param>
        public static SafeActivity Start(ApiOperation operation, Uri address, string? model = null)
        {
            var span = SafeActivity.Start(operation.ActivityName);
            if (span.Activity is { } activity)
            {
                activity.SetTag(TelemetryTags.Operation, operation.TelemetryName);
                activity.SetTag(TelemetryTags.RequestMethod, operation.Method.Method);
                activity.SetTag(TelemetryTags.ServerAddress, address.Host);
                activity.SetTag(TelemetryTags.ServerPort, address.Port);
                activity.SetTag(TelemetryTags.UrlFull, TelemetryTags.RedactedUrl(address));
                if (operation == ApiOperations.Submit)
                {
                    // The one GenAI operation: the request that has the model generate (the rest read or move files).
                    activity.SetTag(TelemetryTags.GenAiOperationName, TelemetryTags.GenerateContent);
                    activity.SetTag(TelemetryTags.GenAiProviderName, TelemetryTags.Provider);
                    activity.SetTag(TelemetryTags.GenAiRequestModel, model);
                }
            }

            return span;
        }

        /// <summary>Records the answer the operation ended with; a 4xx or 5xx fails the span with the status as <c>error.type</c>.</summary>
        public static void Answered(this SafeActivity span, HttpStatusCode status)
        {
            if (span.Activity is { } activity)
            {
                var code = (int)status;
                activity.SetTag(TelemetryTags.ResponseStatusCode, code);
                if (code >= 400)
                {
                    span.Fail(code.ToString(CultureInfo.InvariantCulture));
                }
            }
        }

        /// <summary>
        /// Records how the operation failed: a refusal the service stated by its status has that status as <c>error.type</c>
        /// (as the HTTP conventions ask); anything else (a connection failure, a timeout, an unreadable answer) the
        /// exception's full type name.
        /// </summary>
        public static void Failed(this SafeActivity span, Exception exception)
        {
            if (span.Activity is not null)
            {
                if (exception is KlingApiException api && (int)api.StatusCode >= 400)
                {
                    // The status may come from an exception only (a submit's substituted answer): record it too.
                    span.Answered(api.StatusCode);
                }
                else
                {
                    span.Fail(exception);
                }
            }
        }
    }
}
