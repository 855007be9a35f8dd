using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace KlingO1.Tests.Infrastructure
{
    /// <summary>
    /// An HTTP/1.1 server on a raw loopback socket, for what a framework server hides: it counts a request only when its
    /// whole body arrived (a request whose body broke off is counted apart), and it can hang, reset or answer anything.
    /// </summary>
    internal sealed class RawHttpServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly Func<RawRequest, RawAnswer> _answer;
        private readonly CancellationTokenSource _stop = new();
        private readonly List<RawRequest> _complete = new();
        private int _incomplete;

        public RawHttpServer(Func<RawRequest, RawAnswer> answer)
        {
            _answer = answer;
            _listener.Start();
            _ = AcceptAsync();
        }

        public Uri BaseAddress => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

        /// <summary>Gets the requests whose headers and whole body arrived, in order.</summary>
        public IReadOnlyList<RawRequest> Complete
        {
            get
            {
                lock (_complete)
                {
                    return _complete.ToArray();
                }
            }
        }

        /// <summary>Gets how many requests started (a request line arrived) but whose body never arrived in full.</summary>
        public int Incomplete => Volatile.Read(ref _incomplete);

        /// <summary>Gets how many whole POST bodies arrived.</summary>
        public int Posts => Complete.Count(r => r.Method == "POST");

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception)
                {
                    return;
                }

                _ = ServeAsync(client);
            }
        }

        private async Task ServeAsync(TcpClient client)
        {
            using (client)
            {
                var stream = client.GetStream();
                var reader = new RequestReader(stream);
                while (!_stop.IsCancellationRequested)
                {
                    RawRequest? request;
                    try
                    {
                        request = await reader.ReadAsync(_stop.Token);
                    }
                    catch (IncompleteRequestException)
                    {
                        Interlocked.Increment(ref _incomplete);
                        return;
                    }
                    catch (Exception)
                    {
                        return;
                    }

                    if (request is null)
                    {
                        return;
                    }

                    lock (_complete)
                    {
                        _complete.Add(request);
                    }

                    var answer = _answer(request);
                    try
                    {
                        switch (answer.Kind)
                        {
                            case RawAnswerKind.Hang:
                                await Task.Delay(Timeout.Infinite, _stop.Token);
                                return;
                            case RawAnswerKind.Reset:
                                client.Client.LingerState = new LingerOption(true, 0);
                                return;
                            default:
                                var bytes = answer.Encode();
                                await stream.WriteAsync(bytes, _stop.Token);
                                await stream.FlushAsync(_stop.Token);
                                break;
                        }
                    }
                    catch (Exception)
                    {
                        return;
                    }
                }
            }
        }

        private sealed class IncompleteRequestException : Exception
        {
        }

        /// <summary>Reads requests off one connection: headers, then exactly Content-Length bytes of body.</summary>
        private sealed class RequestReader
        {
            private readonly Stream _stream;
            private readonly byte[] _buffer = new byte[64 * 1024];
            private int _start;
            private int _end;

            public RequestReader(Stream stream) => _stream = stream;

            public async Task<RawRequest?> ReadAsync(CancellationToken cancellationToken)
            {
                int headerEnd;
                while ((headerEnd = IndexOfHeaderEnd()) < 0)
                {
                    if (!await FillAsync(cancellationToken))
                    {
                        if (_end > _start)
                        {
                            throw new IncompleteRequestException();
                        }

                        return null;
                    }
                }

                var head = Encoding.ASCII.GetString(_buffer, _start, headerEnd - _start);
                _start = headerEnd + 4;
                var lines = head.Split("\r\n");
                var requestLine = lines[0].Split(' ');
                var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var line in lines.Skip(1))
                {
                    var colon = line.IndexOf(':', StringComparison.Ordinal);
                    if (colon > 0)
                    {
                        headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
                    }
                }

                var length = headers.TryGetValue("Content-Length", out var declared) ? int.Parse(declared, CultureInfo.InvariantCulture) : 0;
                var body = new MemoryStream();
                while (body.Length < length)
                {
                    if (_end == _start && !await FillAsync(cancellationToken))
                    {
                        throw new IncompleteRequestException();
                    }

                    var take = (int)Math.Min(length - body.Length, _end - _start);
                    body.Write(_buffer, _start, take);
                    _start += take;
                }

                return new RawRequest(requestLine[0], requestLine.Length > 1 ? requestLine[1] : "/", headers, Encoding.UTF8.GetString(body.ToArray()));
            }

            private int IndexOfHeaderEnd()
            {
                for (var i = _start; i + 3 < _end; i++)
                {
                    if (_buffer[i] == '\r' && _buffer[i + 1] == '\n' && _buffer[i + 2] == '\r' && _buffer[i + 3] == '\n')
                    {
                        return i;
                    }
                }

                return -1;
            }

            private async Task<bool> FillAsync(CancellationToken cancellationToken)
            {
                if (_start > 0)
                {
                    Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                    _end -= _start;
                    _start = 0;
                }

                if (_end == _buffer.Length)
                {
                    throw new InvalidOperationException("A request head larger than the test server's buffer.");
                }

                int read;
                try
                {
                    read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
                }
                catch (IOException)
                {
                    read = 0;
                }

                _end += read;
                return read > 0;
            }
        }
    }

    /// <summary>One request as it arrived whole.</summary>
    internal sealed record RawRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body);

    internal enum RawAnswerKind
    {
        Respond,
        Hang,
        Reset,
    }

    /// <summary>What the raw server does with a request.</summary>
    internal sealed record RawAnswer(RawAnswerKind Kind, int Status = 200, string Body = "", IReadOnlyDictionary<string, string>? Headers = null)
    {
        public static RawAnswer Hang { get; } = new(RawAnswerKind.Hang);

        public static RawAnswer Reset { get; } = new(RawAnswerKind.Reset);

        public static RawAnswer Json(int status, string body) => new(RawAnswerKind.Respond, status, body, new Dictionary<string, string> { ["Content-Type"] = "application/json" });

        public static RawAnswer Redirect(int status, Uri location) => new(RawAnswerKind.Respond, status, string.Empty, new Dictionary<string, string> { ["Location"] = location.AbsoluteUri });

        public byte[] Encode()
        {
            var body = Encoding.UTF8.GetBytes(Body);
            var head = new StringBuilder()
                .Append("HTTP/1.1 ").Append(Status.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(Reason(Status)).Append("\r\n")
                .Append("Content-Length: ").Append(body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
            foreach (var (name, value) in Headers ?? new Dictionary<string, string>())
            {
                head.Append(name).Append(": ").Append(value).Append("\r\n");
            }

            var bytes = Encoding.ASCII.GetBytes(head.Append("\r\n").ToString());
            return bytes.Concat(body).ToArray();
        }

        private static string Reason(int status) => status switch
        {
            200 => "OK",
            201 => "Created",
            202 => "Accepted",
            302 => "Found",
            307 => "Temporary Redirect",
            404 => "Not Found",
            429 => "Too Many Requests",
            500 => "Internal Server Error",
            502 => "Bad Gateway",
            503 => "Service Unavailable",
            _ => "Status",
        };
    }
}
