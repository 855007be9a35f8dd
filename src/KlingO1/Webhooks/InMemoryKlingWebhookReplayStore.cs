using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace KlingO1
{
    /// <summary>
    /// The in-process <see cref="IKlingWebhookReplayStore"/>: remembers up to a number of event ids for a retention
    /// period, dropping the oldest first. Each call does constant work, whatever the number remembered. Thread-safe.
    /// </summary>
    public sealed class InMemoryKlingWebhookReplayStore : IKlingWebhookReplayStore
    {
        /// <summary>The default number of event ids remembered.</summary>
        public const int DefaultCapacity = 100_000;

        private readonly object _gate = new();
        private readonly Dictionary<string, LinkedListNode<Entry>> _byId = new(StringComparer.Ordinal);
        private readonly LinkedList<Entry> _oldestFirst = new();
        private readonly int _capacity;
        private readonly TimeSpan _retention;
        private readonly TimeProvider _time;

        /// <summary>Creates a store.</summary>
        /// <param name="capacity">The most event ids remembered; the oldest is forgotten first. At least 1.</param>
        /// <param name="retention">How long an id is remembered; 24 hours when <see langword="null"/>. The service stops redelivering well within it.</param>
        /// <param name="timeProvider">The clock for the retention; the system clock when <see langword="null"/>.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is below 1, or <paramref name="retention"/> is not positive.</exception>
        public InMemoryKlingWebhookReplayStore(int capacity = DefaultCapacity, TimeSpan? retention = null, TimeProvider? timeProvider = null)
        {
            if (capacity < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The store must remember at least one event id.");
            }

            var keepFor = retention ?? TimeSpan.FromHours(24);
            if (keepFor <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(retention), keepFor, "The retention must be positive.");
            }

            _capacity = capacity;
            _retention = keepFor;
            _time = timeProvider ?? TimeProvider.System;
        }

        /// <summary>Gets the number of event ids remembered now.</summary>
        public int Count
        {
            get
            {
                lock (_gate)
                {
                    ForgetExpired(_time.GetUtcNow());
                    return _byId.Count;
                }
            }
        }

        /// <inheritdoc/>
        public ValueTask<bool> IsProcessedAsync(string eventId, CancellationToken cancellationToken = default)
        {
            Require(eventId);
            lock (_gate)
            {
                ForgetExpired(_time.GetUtcNow());
                return new ValueTask<bool>(_byId.ContainsKey(eventId));
            }
        }

        /// <inheritdoc/>
        public ValueTask MarkProcessedAsync(string eventId, CancellationToken cancellationToken = default)
        {
            Require(eventId);
            lock (_gate)
            {
                var now = _time.GetUtcNow();
                ForgetExpired(now);
                if (_byId.TryGetValue(eventId, out var known))
                {
                    _oldestFirst.Remove(known);
                }
                else if (_byId.Count == _capacity)
                {
                    Forget(_oldestFirst.First!);
                }

                _byId[eventId] = _oldestFirst.AddLast(new Entry(eventId, now));
            }

            return default;
        }

        private static void Require(string eventId)
        {
            if (string.IsNullOrEmpty(eventId))
            {
                throw new ArgumentException("An event id is required.", nameof(eventId));
            }
        }

        /// <summary>Drops expired ids from the old end; each id is dropped once, so the work per call is constant on average.</summary>
        private void ForgetExpired(DateTimeOffset now)
        {
            while (_oldestFirst.First is { } oldest && now - oldest.Value.MarkedAt >= _retention)
            {
                Forget(oldest);
            }
        }

        private void Forget(LinkedListNode<Entry> node)
        {
            _oldestFirst.Remove(node);
            _byId.Remove(node.Value.Id);
        }

        private readonly struct Entry
        {
            public Entry(string id, DateTimeOffset markedAt)
            {
                Id = id;
                MarkedAt = markedAt;
            }

            public string Id { get; }

            public DateTimeOffset MarkedAt { get; }
        }
    }
}
