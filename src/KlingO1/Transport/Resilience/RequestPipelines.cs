using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using KlingO1.Observability;
using KlingO1.Transport.SingleSend;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace KlingO1.Transport.Resilience
{
    /// <summary>
    /// One Polly v8 pipeline per operation, each a retry around a per-attempt timeout. Every decision about sending a
    /// request again is here, next to the reason it is safe.
    /// </summary>
    internal sealed class RequestPipelines
    {
        private readonly RetryOptions _retry;
        private readonly TimeProvider _time;
        private readonly Func<double> _nextUnitRandom;

        private readonly ILogger _logger;

        public RequestPipelines(RetryOptions retry, TimeoutOptions timeouts, TimeProvider time, Func<double> nextUnitRandom, ILogger logger)
        {
            _logger = logger;
            _retry = retry;
            _time = time;
            _nextUnitRandom = nextUnitRandom;

            // Reading a task changes nothing at the service: any passing failure may be retried.
            StatusRead = Build("status read", timeouts.StatusRead, args => AnyTransientFailure(args.Outcome));

            // Reading a balance changes nothing either, and takes as long as a status read.
            AccountRead = Build("balance read", timeouts.StatusRead, args => AnyTransientFailure(args.Outcome));

            // A submit is billed once accepted and has no idempotency key: only a refusal the service states
            // (429, or 503 from the submit limiter) or a connection that never opened proves it was not accepted.
            Submit = Build("submit", timeouts.Submit, args => ProvablyNotAccepted(args));

            // A duplicate upload costs nothing; every attempt reads its content afresh (forward-only streams are spooled).
            Upload = Build("upload", timeouts.Upload, args => AnyTransientFailure(args.Outcome));

            // Fetching a file changes nothing.
            FileOpen = Build("video download", timeouts.DownloadStart, args => AnyTransientFailure(args.Outcome));
        }

        public ResiliencePipeline<HttpResponseMessage> StatusRead { get; }

        public ResiliencePipeline<HttpResponseMessage> AccountRead { get; }

        public ResiliencePipeline<HttpResponseMessage> Submit { get; }

        public ResiliencePipeline<HttpResponseMessage> Upload { get; }

        public ResiliencePipeline<HttpResponseMessage> FileOpen { get; }

        private ResiliencePipeline<HttpResponseMessage> Build(string operation, TimeSpan attemptTimeout, Func<RetryPredicateArguments<HttpResponseMessage>, ValueTask<bool>> shouldRetry)
        {
            var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _time };
            if (_retry.MaxAttempts > 1)
            {
                builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
                {
                    MaxRetryAttempts = _retry.MaxAttempts - 1,
                    ShouldHandle = shouldRetry,
                    DelayGenerator = args => new ValueTask<TimeSpan?>(DelayBefore(args.AttemptNumber, args.Outcome)),
                    OnRetry = args =>
                    {
                        var reason = args.Outcome.Exception is { } exception
                            ? exception.GetType().Name + ": " + exception.Message
                            : "HTTP " + ((int)args.Outcome.Result!.StatusCode).ToString(CultureInfo.InvariantCulture);
                        Log.Retrying(_logger, operation, args.RetryDelay, args.AttemptNumber + 2, reason);
                        Instruments.Retries.Add(1, new KeyValuePair<string, object?>("operation", operation));

                        // The answer being retried is not returned to anyone: release its connection now.
                        args.Outcome.Result?.Dispose();
                        return default;
                    },
                });
            }

            return builder.AddTimeout(attemptTimeout).Build();
        }

        private ValueTask<bool> AnyTransientFailure(Outcome<HttpResponseMessage> outcome)
            => new(outcome.Exception is { } exception
                ? TransientFailures.IsTransientException(exception)
                : TransientFailures.IsTransientStatus(outcome.Result!.StatusCode) && RetryAfterIsBearable(outcome.Result));

        private async ValueTask<bool> ProvablyNotAccepted(RetryPredicateArguments<HttpResponseMessage> args)
        {
            var outcome = args.Outcome;
            var send = args.Context.Properties.TryGetValue(SubmitAttempts.Key, out var attempts) ? attempts.Last : null;
            if (send is not null && SubmitOutcome.MaySendAgain(send, outcome) is { } decided)
            {
                return decided;
            }

            if (outcome.Exception is { } exception)
            {
                // A refusal the innermost handler saw, although a handler around the client swallowed it, counts as one.
                return TransientFailures.NeverReachedService(exception)
                    || (exception is KlingApiException api && TransientFailures.IsRetryableSubmitRefusal(api.StatusCode, api.ErrorCode));
            }

            var response = outcome.Result!;

            // The error code matters only for a 503 (the submit limiter's, or another one); the body is buffered.
            var errorCode = response.StatusCode == HttpStatusCode.ServiceUnavailable
                ? ApiErrorMapper.ErrorCode(await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false))
                : null;
            return TransientFailures.IsRetryableSubmitRefusal(response.StatusCode, errorCode) && RetryAfterIsBearable(response);
        }

        private bool RetryAfterIsBearable(HttpResponseMessage response)
            => RateLimitHeaders.RequestedWait(response, _time) is not { } wait || wait <= _retry.MaxRetryAfter;

        private TimeSpan DelayBefore(int attempt, Outcome<HttpResponseMessage> outcome)
        {
            if (outcome.Result is { } response && RateLimitHeaders.RequestedWait(response, _time) is { } asked)
            {
                return asked;
            }

            // Exponential backoff with "equal jitter": half fixed, half random, so clients started together spread out.
            var nominal = Math.Min(_retry.BaseDelay.Ticks * Math.Pow(2, Math.Min(attempt, 30)), _retry.MaxDelay.Ticks);
            return TimeSpan.FromTicks((long)(nominal * (0.5 + (0.5 * _nextUnitRandom()))));
        }
    }
}
