using System.Threading;
using System.Threading.Tasks;

namespace KlingO1
{
    /// <summary>
    /// Remembers which webhook events the application has processed, so a redelivery is acknowledged without being
    /// acted on twice. Mark an event only after it has been processed: a delivery whose processing failed is then
    /// processed again when the service retries it (at least once, as the service delivers). Every event type is keyed
    /// by its <see cref="KlingWebhookEvent.Id"/>, test events and image tasks' events included.
    /// </summary>
    /// <remarks>
    /// <see cref="InMemoryKlingWebhookReplayStore"/> serves one process. Several instances behind a load balancer need a
    /// shared store (a database table keyed by event id, or a cache with a time to live), implemented on this interface.
    /// </remarks>
    public interface IKlingWebhookReplayStore
    {
        /// <summary>Tells whether the event was already processed.</summary>
        /// <param name="eventId">The event id (<see cref="KlingWebhookEvent.Id"/>).</param>
        /// <param name="cancellationToken">Stops the look-up.</param>
        /// <returns><see langword="true"/> when <see cref="MarkProcessedAsync"/> was called for this id and is still remembered.</returns>
        ValueTask<bool> IsProcessedAsync(string eventId, CancellationToken cancellationToken = default);

        /// <summary>Records that the event has been processed.</summary>
        /// <param name="eventId">The event id (<see cref="KlingWebhookEvent.Id"/>).</param>
        /// <param name="cancellationToken">Stops the write.</param>
        /// <returns>A task that completes when the id is stored.</returns>
        ValueTask MarkProcessedAsync(string eventId, CancellationToken cancellationToken = default);
    }
}
