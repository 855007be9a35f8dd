using System;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace KlingO1.Testing.Endpoints
{
    /// <summary>The service's error answers, in its exact shapes (see shared/api/payloads/error-*.json).</summary>
    internal static class ServiceErrors
    {
        public static Task InvalidRequestAsync(HttpContext context, string message, string? param = null)
            => WriteAsync(context, 400, "invalid_request", numericCode: false, message, "invalid_request_error", param);

        /// <summary>A refused submit: 400 with the refusal's code, message and field.</summary>
        public static Task RefusedAsync(HttpContext context, SubmitRefusedException refused)
            => refused.Code == "invalid_request"
                ? InvalidRequestAsync(context, refused.Message, refused.Field)
                : WriteAsync(context, 400, refused.Code, numericCode: false, refused.Message, type: null, refused.Field);

        public static Task UnauthorizedAsync(HttpContext context)
            => WriteAsync(context, 401, "401", numericCode: true, "Authentication failed, please check your API key", "authentication_error");

        public static Task TaskNotFoundAsync(HttpContext context)
            => WriteAsync(context, 404, "404", numericCode: true, "Task not found", "not_found_error");

        /// <summary>The documented 429: its body, <c>Retry-After</c> and the <c>X-RateLimit-*</c> headers of <paramref name="standing"/>.</summary>
        public static Task RateLimitedAsync(HttpContext context, RateLimitStanding standing, TimeSpan wait)
        {
            standing.WriteTo(context.Response);
            context.Response.Headers["Retry-After"] = RateLimitStanding.RetryAfterSeconds(wait).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return WriteAsync(context, 429, "rate_limit_exceeded", numericCode: false, "Async task request rate exceeded");
        }

        /// <summary>402 <c>insufficient_quota</c>, the code the status page's table names; message and type as recorded.</summary>
        public static Task InsufficientQuotaAsync(HttpContext context)
            => WriteAsync(context, 402, "insufficient_quota", numericCode: false, "Insufficient account balance, please top up", "payment_required");

        public static Task LimiterUnavailableAsync(HttpContext context)
            => WriteAsync(context, 503, "rate_limit_unavailable", numericCode: false, "The async task submit limiter is temporarily unavailable");

        public static Task ServerErrorAsync(HttpContext context, int status)
            => WriteAsync(context, status, "internal_error", numericCode: false, "Internal server error (injected by the simulator)", "server_error");

        public static Task UploadRefusedAsync(HttpContext context, string message)
            => Json.WriteAsync(context, 400, writer =>
            {
                writer.WriteBoolean("success", false);
                writer.WriteString("message", message);
            });

        private static Task WriteAsync(HttpContext context, int status, string code, bool numericCode, string message, string? type = null, string? param = null)
            => Json.WriteAsync(context, status, writer =>
            {
                writer.WriteStartObject("error");
                if (numericCode)
                {
                    writer.WriteNumber("code", int.Parse(code, System.Globalization.CultureInfo.InvariantCulture));
                }
                else
                {
                    writer.WriteString("code", code);
                }

                writer.WriteString("message", message);
                if (param is not null)
                {
                    writer.WriteString("param", param);
                }

                if (type is not null)
                {
                    writer.WriteString("type", type);
                }

                writer.WriteEndObject();
            });
    }
}
