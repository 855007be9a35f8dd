using System;

namespace KlingO1.Testing
{
    /// <summary>One request the simulator received, and how it answered.</summary>
    public sealed class ReceivedRequest
    {
        internal ReceivedRequest(string method, string path, int statusCode, bool hadAuthorization, DateTimeOffset at)
        {
            Method = method;
            Path = path;
            StatusCode = statusCode;
            HadAuthorization = hadAuthorization;
            At = at;
        }

        /// <summary>Gets the HTTP method.</summary>
        public string Method { get; }

        /// <summary>Gets the request path.</summary>
        public string Path { get; }

        /// <summary>Gets the status the simulator answered with (0 when it dropped the connection on purpose).</summary>
        public int StatusCode { get; }

        /// <summary>Gets a value indicating whether the request carried an <c>Authorization</c> header.</summary>
        public bool HadAuthorization { get; }

        /// <summary>Gets when the request arrived, by the simulator's clock.</summary>
        public DateTimeOffset At { get; }

        /// <inheritdoc />
        public override string ToString() => $"{Method} {Path} -> {StatusCode}";
    }
}
