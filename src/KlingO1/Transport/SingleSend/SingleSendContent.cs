using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
#if NET
using System.Threading;
#endif
using System.Threading.Tasks;

namespace KlingO1.Transport.SingleSend
{
    /// <summary>
    /// A submit's JSON body that can be written to the network once: a second such write (the primary handler sending the
    /// message again, a redirect re-posting it, a handler of a caller's client resending it) is refused before one more
    /// byte of it leaves, so no server receives the request twice in full (see <see cref="SubmitSend"/> for what counts).
    /// </summary>
    internal sealed class SingleSendContent : HttpContent
    {
        private readonly byte[] _json;
        private readonly SubmitSend _send;

        public SingleSendContent(byte[] json, MediaTypeHeaderValue contentType, SubmitSend send)
        {
            _json = json;
            _send = send;
            Headers.ContentType = contentType;
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            StartBody();
            return stream.WriteAsync(_json, 0, _json.Length);
        }

#if NET
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            StartBody();
            return stream.WriteAsync(_json, 0, _json.Length, cancellationToken);
        }

        protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            StartBody();
            stream.Write(_json, 0, _json.Length);
        }
#endif

        protected override bool TryComputeLength(out long length)
        {
            length = _json.Length;
            return true;
        }

        private void StartBody()
        {
            if (!_send.TryWriteBody())
            {
                throw new SubmitResentException();
            }
        }
    }
}
