using System;
using KlingO1.Transport.Permits;

namespace KlingO1.Engine
{
    /// <summary>
    /// What an engine is configured with: the options' values, validated and copied by the front door or the container
    /// (<c>KlingVideoClientOptions.ToEngineSettings</c>), so later changes to the options reach no engine, and the engine
    /// depends on no type above it.
    /// </summary>
    internal sealed class EngineSettings
    {
        public EngineSettings(
            Uri baseAddress, string apiKey, string model, RequestShape requestShape, bool generateBusinessIds, KlingPollingOptions polling, KlingRetryOptions retry, KlingTimeoutOptions timeouts, RequestPermits permits)
        {
            BaseAddress = baseAddress;
            ApiKey = apiKey;
            Model = model;
            RequestShape = requestShape;
            GenerateBusinessIds = generateBusinessIds;
            Polling = polling;
            Retry = retry;
            Timeouts = timeouts;
            Permits = permits;
        }

        public Uri BaseAddress { get; }

        /// <summary>Gets the API key, sent to <see cref="BaseAddress"/> only.</summary>
        public string ApiKey { get; }

        public string Model { get; }

        public RequestShape RequestShape { get; }

        /// <summary>Gets a value indicating whether a submit without a business id gets one made up (so an unknown outcome can be looked up).</summary>
        public bool GenerateBusinessIds { get; }

        /// <summary>Gets the polling settings (a copy of the options').</summary>
        public KlingPollingOptions Polling { get; }

        /// <summary>Gets the retry settings (a copy of the options').</summary>
        public KlingRetryOptions Retry { get; }

        /// <summary>Gets the per-attempt limits (a copy of the options').</summary>
        public KlingTimeoutOptions Timeouts { get; }

        /// <summary>Gets the caller's limiters of status reads and submits (shared, never copied: a fleet's limiter is one).</summary>
        public RequestPermits Permits { get; }
    }
}
