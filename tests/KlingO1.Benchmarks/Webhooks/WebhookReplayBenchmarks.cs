using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;

namespace KlingO1.Benchmarks.Webhooks;

/// <summary>
/// Issue 13: one delivery's replay work (is it processed? then mark it) with many ids remembered. The baseline is the
/// previous design, which swept every remembered id for expiry on each delivery; the store drops the oldest ids from
/// one end, so its cost should not grow with the number remembered. The theoretical limit is constant time.
/// </summary>
[MemoryDiagnoser]
public class WebhookReplayBenchmarks
{
    private SweepingReplayMemory _sweeping = null!;
    private InMemoryKlingWebhookReplayStore _store = null!;
    private long _next;

    [Params(1_000, 100_000)]
    public int Remembered { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _sweeping = new SweepingReplayMemory();
        _store = new InMemoryKlingWebhookReplayStore(capacity: Remembered);
        for (var i = 0; i < Remembered; i++)
        {
            var id = "evt_" + i;
            _sweeping.Remember(id);
            _store.MarkProcessedAsync(id).GetAwaiter().GetResult();
        }

        _next = Remembered;
    }

    [Benchmark(Baseline = true, Description = "previous: sweep all ids per delivery")]
    public bool Sweeping()
    {
        // The id Remembered deliveries ago is dropped, so both designs hold the same number of ids throughout.
        _sweeping.Forget("evt_" + (_next - Remembered));
        return _sweeping.Remember("evt_" + _next++);
    }

    [Benchmark(Description = "InMemoryKlingWebhookReplayStore")]
    public async Task<bool> Store()
    {
        var id = "evt_" + _next++;
        if (await _store.IsProcessedAsync(id))
        {
            return false;
        }

        await _store.MarkProcessedAsync(id);
        return true;
    }

    /// <summary>The verifier's memory before this issue, as it was: every delivery enumerates every id for expiry.</summary>
    private sealed class SweepingReplayMemory
    {
        private static readonly TimeSpan RememberFor = TimeSpan.FromHours(24);
        private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);

        public bool Remember(string eventId)
        {
            var now = DateTimeOffset.UtcNow;
            foreach (var entry in _seen)
            {
                if (now - entry.Value > RememberFor)
                {
                    _seen.TryRemove(entry.Key, out _);
                }
            }

            return _seen.TryAdd(eventId, now);
        }

        public void Forget(string eventId) => _seen.TryRemove(eventId, out _);
    }
}
