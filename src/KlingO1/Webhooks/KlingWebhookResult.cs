using System.Collections.Generic;

namespace KlingO1
{
    /// <summary>The <c>result</c> of a webhook event: what the task produced.</summary>
    public sealed class KlingWebhookResult
    {
        internal KlingWebhookResult(string? type, IReadOnlyList<KlingWebhookOutput> outputs, string? message)
        {
            Type = type;
            Outputs = outputs;
            Message = message;
        }

        /// <summary>Gets the kind of output, <c>image</c> or <c>video</c>.</summary>
        public string? Type { get; }

        /// <summary>Gets the output files (<c>result.data</c>); entries without an absolute http(s) URL are left out.</summary>
        public IReadOnlyList<KlingWebhookOutput> Outputs { get; }

        /// <summary>Gets the text a test event carries in place of outputs, for example <c>ToAPIs webhook endpoint test</c>.</summary>
        public string? Message { get; }
    }
}
