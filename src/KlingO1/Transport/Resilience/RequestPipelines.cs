using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using KlingO1.Observability;
using KlingO1.Transport.Operations;
using KlingO1.Transport.SingleSend;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace KlingO1.Transport.Resilience
{
    /// <summary>
    /// One Polly v8 pipeline per entry of the operation table (<see cref="ApiOperations"/>), each a retry around a
    /// per-attempt timeout, built from the entry's attempt limit, attempt timeout and retry rule. The rules are applied
    /// here; why each operation has its rule is stated in the table.
    /// </summary>
    internal sealed class RequestPipelines
    {
        private readonly KlingRetryOptions _retry;
        private readonly TimeProvider _time;
        private readonly Func<double> _nextUnitRandom;
        private readonly ILogger _logger;
        private readonly ResiliencePipeline<HttpResponseMessage>[] _pipelines;

        public RequestPipelines(KlingRetryOptions retry, KlingTimeoutOptions timeouts, TimeProvider time, Func<double> nextUnitRandom, ILogger logger)
        {
            _logger = logger;
            _retry = retry;
            _time = time;
            _nextUnitRandom = nextUnitRandom;
            _pipelines = new ResiliencePipeline<HttpResponseMessage>[ApiOperations.All.Count];
            foreach (var operation in ApiOperations.All)
            {
                _pipelines[operation.Index] = Build(operation, timeouts);
            }
        }

        /// <summary>Gets the pipeline of <paramref name="operation"/>.</summary>
        public ResiliencePipeline<HttpResponseMessage> For(ApiOperation operation) => _pipelines[operation.Index];

        private ResiliencePipeline<HttpResponseMessage> Build(ApiOperation operation, KlingTimeoutOptions timeouts)
        {
            var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _time };
            var attempts = operation.AttemptLimit(_retry);
            if (attempts > 1)
            {
                Func<RetryPredicateArguments<HttpResponseMessage>, ValueTask<bool>> shouldRetry = operation.Retry switch
                {
                    RetryRule.AnyPassingFailure => args => AnyTransientFailure(args.Outcome),
                    RetryRule.OnlyWhenProvablyNotAccepted => ProvablyNotAccepted,
                    _ => throw new ArgumentOutOfRangeException(nameof(operation), operation.Retry, "An operation's retry rule the pipelines do not know."),
                };
                var name = operation.Name;
                var telemetryName = operation.TelemetryName;
                builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
                {
                    MaxRetryAttempts = attempts - 1,
                    ShouldHandle = shouldRetry,
                    DelayGenerator = args => new ValueTask<TimeSpan?>(DelayBefore(args.AttemptNumber, args.Outcome)),
                    OnRetry = args =>
                    {
                        var reason = args.Outcome.Exception is { } exception
                            ? exception.GetType().Name + ": " + exception.Message
                            : "HTTP " + ((int)args.Outcome.Result!.StatusCode).ToString(CultureInfo.InvariantCulture);
                        Log.Retrying(_logger, name, args.RetryDelay, args.AttemptNumber + 2, reason);
                        Instruments.Retries.Add(1, new KeyValuePair<string, object?>(TelemetryTags.Operation, telemetryName));

                        // The answer being retried is not returned to anyone: release its connection now.
                        args.Outcome.Result?.Dispose();
                        return default;
                    },
                });
            }

            return builder.AddTimeout(operation.AttemptTimeout(timeouts)).Build();
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
