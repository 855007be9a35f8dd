using System;
using KlingO1.Testing.Endpoints;

namespace KlingO1.Testing.Webhooks
{
    /// <summary>
    /// The webhooks page's rules for a submit's <c>callback_url</c>: refused with <c>webhook_not_configured</c> when the key
    /// has no webhook configuration, and otherwise it may change only the path and query of the configured URL. The
    /// service's https and public-host rules are not applied: the configured URL may be local, and a callback keeps its
    /// scheme and host.
    /// </summary>
    internal static class CallbackUrlCheck
    {
        private const string Field = "callback_url";

        /// <summary>Returns why the service would refuse <paramref name="callbackUrl"/>, or null when it is accepted.</summary>
        public static SubmitRefusedException? Problem(string callbackUrl, Uri? configured)
        {
            if (configured is null)
            {
                // The page's exact answer: the code doubles as the message, with no field.
                return new SubmitRefusedException("webhook_not_configured", null, "webhook_not_configured");
            }

            if (!Uri.TryCreate(callbackUrl, UriKind.Absolute, out var url))
            {
                return new SubmitRefusedException("'callback_url' must be an absolute URL.", Field);
            }

            if (url.UserInfo.Length > 0 || url.Fragment.Length > 0)
            {
                return new SubmitRefusedException("'callback_url' must not carry a user name, a password or a fragment.", Field);
            }

            var sameOrigin = string.Equals(url.Scheme, configured.Scheme, StringComparison.OrdinalIgnoreCase)
                && string.Equals(url.IdnHost, configured.IdnHost, StringComparison.OrdinalIgnoreCase)
                && url.Port == configured.Port;
            return sameOrigin
                ? null
                : new SubmitRefusedException(
                    $"'callback_url' may change only the path and query of the configured webhook URL: keep {configured.GetLeftPart(UriPartial.Authority)}.",
                    Field);
        }
    }
}
