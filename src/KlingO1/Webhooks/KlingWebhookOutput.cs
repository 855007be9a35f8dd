using System;

namespace KlingO1
{
    /// <summary>One output file of a webhook event's result.</summary>
    public sealed class KlingWebhookOutput
    {
        internal KlingWebhookOutput(Uri url, string? format)
        {
            Url = url;
            Format = format;
        }

        /// <summary>Gets the file's URL, on the service's file host.</summary>
        public Uri Url { get; }

        /// <summary>Gets the file's format, for example <c>mp4</c> or <c>png</c>, when the event says.</summary>
        public string? Format { get; }
    }
}
