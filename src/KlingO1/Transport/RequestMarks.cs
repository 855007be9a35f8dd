using System;
using System.Net.Http;

namespace KlingO1.Transport
{
    /// <summary>
    /// What the SDK attaches to a request message for its innermost handlers to read (request options). A message the SDK
    /// made to carry no mark (<see cref="UnmarkedRequestMessage"/>: every API request but a submit) is not looked into,
    /// since looking creates its options; any other message is, a copy that a handler around the client made among them.
    /// </summary>
    internal static class RequestMarks
    {
        public static void Set<T>(HttpRequestMessage request, string key, T value)
            where T : notnull
        {
            if (request is UnmarkedRequestMessage)
            {
                throw new InvalidOperationException($"A request message made to carry no mark was marked ({key}): the innermost handlers would not see it.");
            }

#if NET
            request.Options.Set(new HttpRequestOptionsKey<T>(key), value);
#else
            request.Properties[key] = value;
#endif
        }

        public static T? Get<T>(HttpRequestMessage request, string key)
            where T : class
        {
            if (request is UnmarkedRequestMessage)
            {
                return null;
            }

#if NET
            return request.Options.TryGetValue(new HttpRequestOptionsKey<T>(key), out var value) ? value : null;
#else
            return request.Properties.TryGetValue(key, out var value) ? value as T : null;
#endif
        }
    }

    /// <summary>A request message of the SDK's that carries no mark (see <see cref="RequestMarks"/>).</summary>
    internal sealed class UnmarkedRequestMessage : HttpRequestMessage
    {
        public UnmarkedRequestMessage(HttpMethod method, Uri requestUri)
            : base(method, requestUri)
        {
        }
    }
}
