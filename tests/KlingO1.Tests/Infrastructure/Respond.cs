using System;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;

namespace KlingO1.Tests.Infrastructure
{
    /// <summary>Steps for <see cref="ScriptedHandler"/> scripts, and the bodies they answer with.</summary>
    internal static class Respond
    {
        /// <summary>A step that answers each request as <paramref name="answer"/> says (by its number on the route, say).</summary>
        public static ScriptedHandler.Step ByRequest(Func<ScriptedRequest, HttpResponseMessage> answer)
            => (request, _) => System.Threading.Tasks.Task.FromResult(answer(request));

        public static ScriptedHandler.Step Status(int status, string body, string? retryAfter = null, bool mediaTypeHtml = false)
            => (_, _) => System.Threading.Tasks.Task.FromResult(Message(status, body, retryAfter, mediaTypeHtml ? "text/html" : "application/json"));

        /// <summary>An answer that carries the given headers (rate-limit headers, say).</summary>
        public static ScriptedHandler.Step WithHeaders(int status, string body, params (string Name, string Value)[] headers)
            => (_, _) =>
            {
                var response = Message(status, body);
                foreach (var (name, value) in headers)
                {
                    response.Headers.TryAddWithoutValidation(name, value);
                }

                return System.Threading.Tasks.Task.FromResult(response);
            };

        public static ScriptedHandler.Step Task(string id, string status, int progress = 0, string? businessId = null)
            => Status(200, TaskJson(id, status, progress, businessId));

        public static ScriptedHandler.Step Completed(string id) => Status(200, CompletedJson(id));

        public static ScriptedHandler.Step Error(int status, string code = "internal_error", string? retryAfter = null)
            => Status(status, ErrorJson(code), retryAfter);

        public static ScriptedHandler.Step Throw(Exception exception)
            => (_, _) => System.Threading.Tasks.Task.FromException<HttpResponseMessage>(exception);

        /// <summary>Never answers: the attempt ends only when its token is cancelled (by a timeout on the fake clock).</summary>
        public static ScriptedHandler.Step Hang()
            => async (_, token) =>
            {
                await System.Threading.Tasks.Task.Delay(Timeout.Infinite, token);
                throw new InvalidOperationException("unreachable");
            };

        /// <summary>A 200 whose body breaks off after <paramref name="sentBytes"/> bytes, as a dropped connection does.</summary>
        public static ScriptedHandler.Step BodyBreaksOff(long sentBytes)
            => (_, _) => System.Threading.Tasks.Task.FromResult(ScriptedHandler.Body(new SyntheticBody(10_000, sentBytes), 10_000));

        public static ScriptedHandler.Step Bytes(byte[] content, int status = 200)
            => (_, _) => System.Threading.Tasks.Task.FromResult(new HttpResponseMessage((HttpStatusCode)status) { Content = new ByteArrayContent(content) });

        public static HttpResponseMessage Message(int status, string body, string? retryAfter = null, string mediaType = "application/json")
        {
            var response = new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(body, Encoding.UTF8, mediaType) };
            if (retryAfter is not null)
            {
                response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
            }

            return response;
        }

        public static string TaskJson(string id, string status, int progress = 0, string? businessId = null)
            => $"{{\"id\":\"{id}\",\"object\":\"generation.task\",\"model\":\"kling-video-o1\",\"status\":\"{status}\",\"progress\":{progress},\"created_at\":1768380222"
                + (businessId is null ? string.Empty : $",\"client_business_id\":\"{businessId}\"") + "}";

        public static string CompletedJson(string id)
            => $"{{\"id\":\"{id}\",\"status\":\"completed\",\"progress\":100,\"created_at\":1768380222,\"completed_at\":1768380514,\"expires_at\":1768466914,"
                + $"\"result\":{{\"type\":\"video\",\"data\":[{{\"url\":\"https://files.kling.test/{id}.mp4\",\"format\":\"mp4\"}}]}}}}";

        public static string FailedJson(string id)
            => $"{{\"id\":\"{id}\",\"status\":\"failed\",\"progress\":0,\"created_at\":1768380222,"
                + "\"error\":{\"code\":\"generation_failed\",\"message\":\"Generation failed: Content violates the content policy\"}}";

        public static string ErrorJson(string code, string message = "Something went wrong")
            => $"{{\"error\":{{\"code\":\"{code}\",\"message\":\"{message}\"}}}}";
    }
}
