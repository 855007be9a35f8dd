using System;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Internal;

namespace KlingO1
{
    /// <summary>Processes webhook events at least once, and at most once per success.</summary>
    public static class KlingWebhookReplayStoreExtensions
    {
        /// <summary>
        /// Runs <paramref name="process"/> for an event not yet processed, and marks it processed once it returns. When
        /// it throws, nothing is marked: answer the delivery with an error so the service retries it.
        /// </summary>
        /// <param name="store">The replay store.</param>
        /// <param name="webhookEvent">A verified event, of any type: test events and image tasks' events are marked too.</param>
        /// <param name="process">
        /// What the application does with the event; it runs for every type, so it should act only on
        /// <see cref="KlingWebhookEvent.Task"/> when that is set (a video task's final event) and ignore the rest.
        /// </param>
        /// <param name="cancellationToken">Passed to the store and to <paramref name="process"/>.</param>
        /// <returns><see langword="true"/> when the event was processed now; <see langword="false"/> for one processed before (acknowledge it).</returns>
        /// <remarks>
        /// Two deliveries of one event that arrive at the same moment can both run <paramref name="process"/>; the
        /// service's deliveries are at least once in any case, so make processing idempotent (for example, keyed by
        /// <see cref="KlingWebhookEvent.TaskId"/>).
        /// </remarks>
        public static async Task<bool> ProcessOnceAsync(
            this IKlingWebhookReplayStore store,
            KlingWebhookEvent webhookEvent,
            Func<KlingWebhookEvent, CancellationToken, Task> process,
            CancellationToken cancellationToken = default)
        {
            Guard.NotNull(store);

            Guard.NotNull(webhookEvent);

            Guard.NotNull(process);

            if (await store.IsProcessedAsync(webhookEvent.Id, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            await process(webhookEvent, cancellationToken).ConfigureAwait(false);
            await store.MarkProcessedAsync(webhookEvent.Id, cancellationToken).ConfigureAwait(false);
            return true;
        }
    }
}
