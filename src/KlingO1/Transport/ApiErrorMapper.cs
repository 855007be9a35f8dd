using System;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using KlingO1.Errors;
using KlingO1.Transport.Wire;

namespace KlingO1.Transport
{
    /// <summary>Turns an error answer, or a body that cannot be read, into the matching typed exception.</summary>
    internal static class ApiErrorMapper
    {
        private static readonly string[] RequestIdHeaders = { "x-request-id", "request-id", "x-trace-id" };

        /// <summary>Maps a non-success answer.</summary>
        public static KlingApiException FromErrorResponse(HttpResponseMessage response, byte[] body, string apiKey, TimeProvider time)
        {
            var envelope = TryReadEnvelope(body);
            // Every text taken from the answer is masked: a service (or a proxy) may echo the key in any field.
            var details = new ApiErrorDetails(
                response.StatusCode,
                ResponseBody.Redact(envelope?.Error?.Code, apiKey),
                ResponseBody.Redact(envelope?.Error?.Message ?? envelope?.Message, apiKey),
                ResponseBody.Redact(envelope?.Error?.Type, apiKey),
                ResponseBody.Redact(envelope?.Error?.Param, apiKey),
                ResponseBody.Redact(RequestId(response), apiKey),
                ResponseBody.Snippet(body, apiKey),
                RetryAfter(response, time),
                RateLimitHeaders.Read(response, time, apiKey));

            return details.ToException();
        }

        /// <summary>Maps a success answer whose body is not what the endpoint documents.</summary>
        public static KlingApiException FromUnreadableBody(HttpResponseMessage response, byte[] body, string apiKey, Exception cause)
        {
            var details = new ApiErrorDetails(
                response.StatusCode, null, null, null, null, ResponseBody.Redact(RequestId(response), apiKey), ResponseBody.Snippet(body, apiKey));
            return new KlingApiException(details, "the body could not be read (" + ResponseBody.Redact(cause.Message, apiKey) + ")", ResponseBody.Redact(cause, apiKey));
        }

        /// <summary>Maps a refusal from the file host (a plain-text or XML body, not a ToAPIs error).</summary>
        public static KlingApiException FromFileHost(HttpResponseMessage response, byte[] body, int length, string apiKey, string problem)
        {
            var details = new ApiErrorDetails(
                response.StatusCode, null, null, null, null, ResponseBody.Redact(RequestId(response), apiKey), ResponseBody.Snippet(body, length, apiKey));
            return new KlingApiException(details, problem);
        }

        /// <summary>Returns the service's error code in an error body, or null.</summary>
        public static string? ErrorCode(byte[] body) => TryReadEnvelope(body)?.Error?.Code;

        private static ErrorEnvelopeDto? TryReadEnvelope(byte[] body)
        {
            if (body.Length == 0)
            {
                return null;
            }

            try
            {
                return JsonSerializer.Deserialize(body, KlingJsonContext.Default.ErrorEnvelopeDto);
            }
            catch (JsonException)
            {
                // Not JSON (a proxy's HTML page, say): the snippet tells the story.
                return null;
            }
        }

        private static string? RequestId(HttpResponseMessage response)
        {
            foreach (var name in RequestIdHeaders)
            {
                if (response.Headers.TryGetValues(name, out var values))
                {
                    return values.FirstOrDefault();
                }
            }

            return null;
        }

        internal static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time)
        {
            var header = response.Headers.RetryAfter;
            if (header?.Delta is { } delta)
            {
                return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
            }

            if (header?.Date is { } date)
            {
                var wait = date - time.GetUtcNow();
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }

            return null;
        }
    }
}
