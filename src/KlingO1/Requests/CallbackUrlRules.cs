using System;
using KlingO1.Internal;

namespace KlingO1
{
    /// <summary>
    /// The webhooks page's rules for a request's <c>callback_url</c>, checked before sending so a refusal costs nothing:
    /// https, no user name or password, no fragment, a public host, and no port the service refuses.
    /// </summary>
    internal static class CallbackUrlRules
    {
        /// <summary>Returns why the service would refuse <paramref name="url"/> as a callback URL, or null.</summary>
        public static string? Problem(Uri url)
        {
            if (!url.IsAbsoluteUri || url.Scheme != Uri.UriSchemeHttps)
            {
                return "The callback URL must be an absolute https URL (the service delivers webhooks over https only).";
            }

            if (url.UserInfo.Length > 0)
            {
                return "The callback URL must not carry a user name or password (the service refuses userinfo).";
            }

            if (url.Fragment.Length > 0)
            {
                return "The callback URL must not have a fragment ('#...'): the service refuses it, and a fragment never reaches a server.";
            }

            if (NetworkAddresses.IsLocal(url))
            {
                return "The callback URL points at a loopback, private, link-local or reserved address, which the service refuses: "
                    + "it must reach your endpoint over the public internet.";
            }

            // The page refuses "illegal ports" without listing them: well-known ports other than https's are another service's.
            if (url.Port == 0)
            {
                return "The callback URL's port 0 is no port a server listens on; use 443 or a port from 1024 up.";
            }

            if (!url.IsDefaultPort && url.Port < 1024)
            {
                return $"The callback URL's port {url.Port} is a well-known port of another service, which the service refuses; use 443 or a port from 1024 up.";
            }

            return null;
        }
    }
}
