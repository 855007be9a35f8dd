using System;

namespace KlingO1.Polling
{
    /// <summary>
    /// A binary min-heap of entries ordered by due time, then by arrival, so entries due at the same moment are served
    /// first come first served. Each entry remembers its place in the heap, so any entry (a cancelled wait) is taken out
    /// in O(log n) at once instead of lingering as a tombstone until its time comes; the .NET 8 <c>PriorityQueue</c>
    /// cannot remove, and netstandard2.0 has none. Not thread-safe: its owner holds a lock around every call.
    /// </summary>
    /// <typeparam name="T">What an entry stands for.</typeparam>
    internal sealed class DueQueue<T>
    {
        private Entry[] _heap = new Entry[16];
        private long _arrivals;

        /// <summary>Gets the number of queued entries.</summary>
        public int Count { get; private set; }

        /// <summary>Gets the entry due first, or null when the queue is empty.</summary>
        public Entry? First => Count > 0 ? _heap[0] : null;

        /// <summary>Queues <paramref name="entry"/> due at <paramref name="dueTicks"/>; an entry already queued is moved.</summary>
        public void Enqueue(Entry entry, long dueTicks)
        {
            Remove(entry);
            entry.DueTicks = dueTicks;
            entry.Arrival = _arrivals++;
            if (Count == _heap.Length)
            {
                Array.Resize(ref _heap, _heap.Length * 2);
            }

            Place(entry, Count++);
            SiftUp(entry.Index);
        }

        /// <summary>Takes out and returns the entry due first; the queue must not be empty.</summary>
        public Entry Dequeue()
        {
            var first = _heap[0];
            Remove(first);
            return first;
        }

        /// <summary>Takes <paramref name="entry"/> out if it is queued.</summary>
        public void Remove(Entry entry)
        {
            var index = entry.Index;
            if (index < 0)
            {
                return;
            }

            entry.Index = -1;
            var last = _heap[--Count];
            _heap[Count] = null!;
            if (index == Count)
            {
                return;
            }

            // The last entry fills the hole and moves to where it belongs, up or down.
            Place(last, index);
            SiftUp(index);
            SiftDown(last.Index);
        }

        private static bool Before(Entry a, Entry b)
            => a.DueTicks < b.DueTicks || (a.DueTicks == b.DueTicks && a.Arrival < b.Arrival);

        private void Place(Entry entry, int index)
        {
            _heap[index] = entry;
            entry.Index = index;
        }

        private void SiftUp(int index)
        {
            var entry = _heap[index];
            while (index > 0)
            {
                var parentIndex = (index - 1) / 2;
                var parent = _heap[parentIndex];
                if (!Before(entry, parent))
                {
                    break;
                }

                Place(parent, index);
                index = parentIndex;
            }

            Place(entry, index);
        }

        private void SiftDown(int index)
        {
            var entry = _heap[index];
            while (true)
            {
                var child = (2 * index) + 1;
                if (child >= Count)
                {
                    break;
                }

                if (child + 1 < Count && Before(_heap[child + 1], _heap[child]))
                {
                    child++;
                }

                if (!Before(_heap[child], entry))
                {
                    break;
                }

                Place(_heap[child], index);
                index = child;
            }

            Place(entry, index);
        }

        /// <summary>A place in the queue, owned by one item and reused each time the item is queued again (no allocation per visit).</summary>
        public sealed class Entry
        {
            public Entry(T item) => Item = item;

            public T Item { get; }

            /// <summary>Gets when the entry is due, in UTC ticks.</summary>
            public long DueTicks { get; internal set; }

            /// <summary>Gets a value indicating whether the entry is in a queue.</summary>
            public bool IsQueued => Index >= 0;

            /// <summary>Gets or sets which of its owner's queues holds the entry, for an owner with several (see <see cref="PollScheduler"/>).</summary>
            internal int Lane { get; set; }

            internal long Arrival { get; set; }

            internal int Index { get; set; } = -1;
        }
    }
}
