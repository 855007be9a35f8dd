using System.IO;
using System.Threading.Tasks;
using KlingO1.Testing.Billing;
using Microsoft.AspNetCore.Http;

namespace KlingO1.Testing.Endpoints
{
    /// <summary><c>POST /v1/videos/generations</c> and <c>GET /v1/videos/generations/{id}</c>.</summary>
    internal static class GenerationEndpoints
    {
        public static async Task SubmitAsync(HttpContext context, SimulatorState state)
        {
            // Injected refusals come before the limiter counts the request: a refused submit uses no allowance. An
            // injected 429 carries the headers a real one does, with the configured (or default tier's) limit.
            if (state.Faults.TakeRateLimitedSubmit())
            {
                var limit = state.SubmitLimiter?.Limit ?? SimulatorRateLimits.DefaultTier.SubmitsPerMinute;
                var wait = state.Faults.RetryAfter;
                var standing = RateLimitStanding.Refused(RateLimitStanding.SubmitCategory, limit, state.Time.GetUtcNow(), wait);
                await ServiceErrors.RateLimitedAsync(context, standing, wait).ConfigureAwait(false);
                return;
            }

            if (state.Faults.TakeLimiterUnavailableSubmit())
            {
                await ServiceErrors.LimiterUnavailableAsync(context).ConfigureAwait(false);
                return;
            }

            if (state.SubmitLimiter is { } limiter && !await limiter.AdmitAsync(context, state.Time.GetUtcNow()).ConfigureAwait(false))
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted).ConfigureAwait(false);
            var submit = SubmitRequestReader.Read(body.ToArray(), state.Model, out var problem);
            if (submit is null)
            {
                await ServiceErrors.RefusedAsync(context, problem!).ConfigureAwait(false);
                return;
            }

            // Before billing, as every refusal: no task, no charge.
            if (submit.CallbackUrl is { } callbackUrl && state.Webhooks.CallbackProblem(callbackUrl) is { } refused)
            {
                await ServiceErrors.RefusedAsync(context, refused).ConfigureAwait(false);
                return;
            }

            // Checked after the body: a refused request is not billed, and a malformed one is a 400 whatever the balance.
            if (!state.Account.TryCharge(Account.PriceOf(submit.Mode, submit.Duration)))
            {
                await ServiceErrors.InsufficientQuotaAsync(context).ConfigureAwait(false);
                return;
            }

            var task = state.CreateTask(submit);
            if (state.Faults.TakeLostSubmitResponse())
            {
                // The task exists (and would be billed), but the client never hears of it.
                RequestLog.Abort(context);
                return;
            }

            await Json.WriteAsync(context, 200, writer => TaskJson.Write(writer, state, task, state.Time.GetUtcNow(), isSubmitAnswer: true)).ConfigureAwait(false);
        }

        /// <summary>Answers a task read by its id or, as the Chinese page documents, by its <c>client_business_id</c>.</summary>
        public static async Task GetAsync(HttpContext context, SimulatorState state, string taskId)
        {
            // A read that fails at random fails before the limiter counts it, as an injected refusal does.
            if (state.Faults.TakeRandomReadFault() is { } fault)
            {
                if (fault == 0)
                {
                    RequestLog.Abort(context);
                    return;
                }

                await ServiceErrors.ServerErrorAsync(context, fault).ConfigureAwait(false);
                return;
            }

            if (state.ReadLimiter is { } limiter && !await limiter.AdmitAsync(context, state.Time.GetUtcNow()).ConfigureAwait(false))
            {
                return;
            }

            await (state.TryGetTask(taskId, out var task) || state.TryGetTaskByBusinessId(taskId, out task)
                ? Json.WriteAsync(context, 200, writer => TaskJson.Write(writer, state, task, state.Time.GetUtcNow()))
                : ServiceErrors.TaskNotFoundAsync(context)).ConfigureAwait(false);
        }
    }
}
