using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace KlingO1.NetStandardConsumer
{
    /// <summary>What a netstandard2.0 library does with KlingO1: builds a client on its own clock and watches a task.</summary>
    public static class VideoWatcher
    {
        /// <summary>Creates a client on <paramref name="time"/> (the options' <see cref="TimeProvider"/>, a polyfill type on netstandard2.0).</summary>
        /// <param name="handler">The handler the client sends through.</param>
        /// <param name="template">Options to copy the address and key from.</param>
        /// <param name="time">The clock of the client's waits.</param>
        /// <returns>A client; the caller disposes it.</returns>
        public static KlingVideoClient CreateClient(HttpMessageHandler handler, KlingVideoClientOptions template, TimeProvider time)
        {
            var options = new KlingVideoClientOptions { ApiKey = template.ApiKey, BaseAddress = template.BaseAddress, TimeProvider = time };
            options.Polling.InitialDelay = template.Polling.InitialDelay;
            options.Polling.MaxInterval = template.Polling.MaxInterval;
            return new KlingVideoClient(handler, options);
        }

        /// <summary>Watches a task to its end (an <see cref="IAsyncEnumerable{T}"/>, a polyfill type on netstandard2.0) and returns the statuses seen.</summary>
        /// <param name="client">The client.</param>
        /// <param name="taskId">The task.</param>
        /// <param name="cancellationToken">Cancels the watch.</param>
        /// <returns>Every status reported, in order.</returns>
        public static async Task<IReadOnlyList<VideoTaskStatus>> WatchStatusesAsync(IKlingVideoClient client, string taskId, CancellationToken cancellationToken = default)
        {
            var statuses = new List<VideoTaskStatus>();
            await foreach (var task in client.WatchAsync(taskId, cancellationToken).ConfigureAwait(false))
            {
                statuses.Add(task.Status);
            }

            return statuses;
        }
    }
}
