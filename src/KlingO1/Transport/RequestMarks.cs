using System.Net.Http;

namespace KlingO1.Transport
{
    /// <summary>What the SDK attaches to a request message for its innermost handlers to read (request options).</summary>
    internal static class RequestMarks
    {
        public static void Set<T>(HttpRequestMessage request, string key, T value)
            where T : notnull
        {
#if NET
            request.Options.Set(new HttpRequestOptionsKey<T>(key), value);
#else
            request.Properties[key] = value;
#endif
        }

        public static T? Get<T>(HttpRequestMessage request, string key)
            where T : class
        {
#if NET
            return request.Options.TryGetValue(new HttpRequestOptionsKey<T>(key), out var value) ? value : null;
#else
            return request.Properties.TryGetValue(key, out var value) ? value as T : null;
#endif
        }
    }
}
