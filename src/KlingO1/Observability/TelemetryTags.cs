using System;
using System.Text;

namespace KlingO1.Observability
{
    /// <summary>
    /// The attribute names on the SDK's spans and metrics: OpenTelemetry's semantic conventions where one names the
    /// thing (HTTP, URL, server, error, GenAI), <c>klingo1.*</c> for what no convention has.
    /// </summary>
    internal static class TelemetryTags
    {
        /// <summary>The operation, a snake_case name from the operation table (low-cardinality: one value per endpoint).</summary>
        public const string Operation = "klingo1.operation";

        public const string TaskId = "klingo1.task_id";

        public const string RequestMethod = "http.request.method";

        public const string ResponseStatusCode = "http.response.status_code";

        public const string ServerAddress = "server.address";

        public const string ServerPort = "server.port";

        public const string UrlFull = "url.full";

        public const string ErrorType = "error.type";

        public const string GenAiOperationName = "gen_ai.operation.name";

        public const string GenAiProviderName = "gen_ai.provider.name";

        public const string GenAiRequestModel = "gen_ai.request.model";

        /// <summary>
        /// The GenAI operation of a submit: the conventions' value for multimodal content generation (they name none for
        /// video, and a well-known value that applies must be used).
        /// </summary>
        public const string GenerateContent = "generate_content";

        /// <summary>
        /// The provider as the SDK knows it: the API it calls (ToAPIs), which hosts the Kling model; the model itself is
        /// <see cref="GenAiRequestModel"/>. No well-known value covers it, so it is the conventions' custom form.
        /// </summary>
        public const string Provider = "toapis";

        private const string Redacted = "REDACTED";

        /// <summary>
        /// The <c>error.type</c> of a failure that is an exception: its full type name, as the conventions ask when no
        /// status code says more.
        /// </summary>
        public static string ErrorTypeOf(Exception exception) => exception.GetType().FullName ?? exception.GetType().Name;

        /// <summary>
        /// The address as <c>url.full</c> carries it: user info as <c>REDACTED:REDACTED</c>, every query value as
        /// <c>REDACTED</c> (keys kept), no fragment. A file host's signed address holds its credential in the query
        /// (signature, key id, expiry), under names no list can know in advance, so no value is kept.
        /// </summary>
        public static string RedactedUrl(Uri url)
        {
            if (!url.IsAbsoluteUri)
            {
                return Redacted;
            }

            var text = new StringBuilder(url.Scheme).Append("://");
            if (url.UserInfo.Length > 0)
            {
                text.Append(Redacted).Append(':').Append(Redacted).Append('@');
            }

            text.Append(url.Host);
            if (!url.IsDefaultPort)
            {
                text.Append(':').Append(url.Port);
            }

            text.Append(url.AbsolutePath);
            var query = url.Query;
            if (query.Length > 1)
            {
                var separator = '?';
                foreach (var pair in query.Substring(1).Split('&'))
                {
                    var equals = pair.IndexOf('=');
                    text.Append(separator).Append(equals < 0 ? pair : pair.Substring(0, equals)).Append('=').Append(Redacted);
                    separator = '&';
                }
            }

            return text.ToString();
        }
    }
}
