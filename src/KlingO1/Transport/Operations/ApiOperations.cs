using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using KlingO1.Observability;
using KlingO1.Transport.Resilience;

namespace KlingO1.Transport.Operations
{
    /// <summary>
    /// The operation table: every request the SDK sends, one entry per endpoint. Each decision about sending a request
    /// again, or about whether a failure may have left a (billed) task behind, is made here, next to the reason it is
    /// safe; the senders (<see cref="KlingHttpTransport"/>, <see cref="FileHost.FileHostClient"/>) and the pipelines
    /// (<see cref="RequestPipelines"/>) only apply it.
    /// </summary>
    internal static class ApiOperations
    {
        /// <summary>
        /// <c>POST /v1/videos/generations</c>: creates a task, billed once accepted. The service has no idempotency key, so
        /// a submit is sent again only when provably not accepted: a refusal it stated for now (429, or 503 from the submit
        /// limiter) or a connection that never opened. Beneath any handler the application adds, the single-send guard keeps
        /// each attempt's message from leaving twice. A failure after which the task may exist is "outcome unknown", and the
        /// caller looks the task up by its business id with a status read, never with another submit.
        /// </summary>
        public static readonly ApiOperation Submit = new(
            index: 0,
            name: "submit",
            telemetryName: "submit",
            method: HttpMethod.Post,
            path: "v1/videos/generations",
            host: ServiceHost.Api,
            attemptTimeout: t => t.Submit,

            // The configured limit is safe here only because the retry rule sends again nothing that may have been accepted.
            attemptLimit: r => r.MaxAttempts,
            retry: RetryRule.OnlyWhenProvablyNotAccepted,
            acceptance: AcceptanceRule.MayCreateUnlessProvablyRefused,
            sentCounter: Instruments.Submits);

        /// <summary>
        /// <c>GET /v1/videos/generations/{id}</c> (a task id or a client business id): reads a task. Reading changes nothing at
        /// the service, so any passing failure is tried again; what a wait outlives beyond that is a failure a later read may
        /// not meet (it then polls on). Its rate-limit headers pace the poll scheduler that every wait shares.
        /// </summary>
        public static readonly ApiOperation StatusRead = new(
            index: 1,
            name: "status read",
            telemetryName: "status_read",
            method: HttpMethod.Get,
            path: "v1/videos/generations/{id}",
            host: ServiceHost.Api,
            attemptTimeout: t => t.StatusRead,
            attemptLimit: r => r.MaxAttempts,
            retry: RetryRule.AnyPassingFailure,
            acceptance: AcceptanceRule.ChangesNothing,
            sentCounter: Instruments.StatusReads,
            reportsRateLimits: true,
            waitReadsAgainAfter: TransientFailures.MayPassBeforeNextRead);

        /// <summary>
        /// <c>GET /v1/balance</c>: the key's balance. Reading changes nothing, and takes as long as a status read.
        /// </summary>
        public static readonly ApiOperation KeyBalanceRead = new(
            index: 2,
            name: "balance read",
            telemetryName: "balance_read",
            method: HttpMethod.Get,
            path: "v1/balance",
            host: ServiceHost.Api,
            attemptTimeout: t => t.StatusRead,
            attemptLimit: r => r.MaxAttempts,
            retry: RetryRule.AnyPassingFailure,
            acceptance: AcceptanceRule.ChangesNothing);

        /// <summary>
        /// <c>GET /v1/user/balance</c>: the balance of the key's user; read like the key's.
        /// </summary>
        public static readonly ApiOperation UserBalanceRead = new(
            index: 3,
            name: "balance read",
            telemetryName: "balance_read",
            method: HttpMethod.Get,
            path: "v1/user/balance",
            host: ServiceHost.Api,
            attemptTimeout: t => t.StatusRead,
            attemptLimit: r => r.MaxAttempts,
            retry: RetryRule.AnyPassingFailure,
            acceptance: AcceptanceRule.ChangesNothing);

        /// <summary>
        /// <c>POST /v1/uploads/images</c>: stores an image. A duplicate upload costs nothing, and every attempt reads its
        /// content afresh from the start (forward-only streams are spooled first), so any passing failure is tried again.
        /// </summary>
        public static readonly ApiOperation ImageUpload = new(
            index: 4,
            name: "image upload",
            telemetryName: "upload_image",
            method: HttpMethod.Post,
            path: "v1/uploads/images",
            host: ServiceHost.Api,
            attemptTimeout: t => t.Upload,
            attemptLimit: r => r.MaxAttempts,
            retry: RetryRule.AnyPassingFailure,
            acceptance: AcceptanceRule.LeavesNothingToFind);

        /// <summary>
        /// <c>POST /v1/uploads/videos</c>: stores a video (an element's, or a request's reference video); retried like an image
        /// upload, for the same reasons.
        /// </summary>
        public static readonly ApiOperation VideoUpload = new(
            index: 5,
            name: "video upload",
            telemetryName: "upload_video",
            method: HttpMethod.Post,
            path: "v1/uploads/videos",
            host: ServiceHost.Api,
            attemptTimeout: t => t.Upload,
            attemptLimit: r => r.MaxAttempts,
            retry: RetryRule.AnyPassingFailure,
            acceptance: AcceptanceRule.LeavesNothingToFind);

        /// <summary>
        /// <c>GET</c> of a finished video on the file host, at the address a task gave: fetching changes nothing, so any
        /// passing failure is tried again (the limit covers the wait for the headers; the body then streams under its own
        /// idle limit). No credential goes there. A stored URL can be refused before the task expires (signed URLs rotate):
        /// after 401, 403, 404 or 410 the task is read once more for a fresh one, once, since a second refusal is the file
        /// host's answer.
        /// </summary>
        public static readonly ApiOperation FileHostFetch = new(
            index: 6,
            name: "video download",
            telemetryName: "download_video",
            method: HttpMethod.Get,
            path: null,
            host: ServiceHost.FileHost,
            attemptTimeout: t => t.DownloadStart,
            attemptLimit: r => r.MaxAttempts,
            retry: RetryRule.AnyPassingFailure,
            acceptance: AcceptanceRule.ChangesNothing,
            refreshAddressOnceAfter: status => status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.Gone);

        /// <summary>Gets every entry, each at its <see cref="ApiOperation.Index"/>.</summary>
        public static IReadOnlyList<ApiOperation> All { get; } = new[] { Submit, StatusRead, KeyBalanceRead, UserBalanceRead, ImageUpload, VideoUpload, FileHostFetch };
    }
}
