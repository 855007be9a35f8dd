using System.Globalization;
using System.Net;
using System.Text;

namespace KlingO1.Benchmarks.Scale;

/// <summary>
/// The status endpoint of ToAPIs in memory for thousands of tasks, on a virtual clock. Each task's life is three
/// numbers drawn from a seed (queued for, runs for, fails or not), so the service itself stays small next to what is
/// measured; progress rises linearly while it runs. It records what the measurement needs: the reads per any one
/// second, when each task was first seen ended, and the longest gap between two reads of one task.
/// </summary>
public sealed class ManyTasksService : HttpMessageHandler
{
    private const string IdPrefix = "video_many_";
    private readonly TimeProvider _clock;
    private readonly DateTimeOffset _start;
    private readonly float[] _queuedFor;
    private readonly float[] _runsFor;
    private readonly byte[] _kind;
    private readonly float[] _lastReadAt;
    private readonly float[] _seenEndedAt;
    private readonly ReadRateMeter _rate = new(TimeSpan.FromSeconds(1));
    private readonly object _gate = new();

    public ManyTasksService(TimeProvider clock, int tasks, int seed)
    {
        _clock = clock;
        _start = clock.GetUtcNow();
        var random = new Random(seed);
        _queuedFor = new float[tasks];
        _runsFor = new float[tasks];
        _kind = new byte[tasks];
        _lastReadAt = new float[tasks];
        _seenEndedAt = new float[tasks];
        for (var i = 0; i < tasks; i++)
        {
            // The shapes of issue 6: std 5 s in about 60-180 s up to pro 10 s in 120-400 s, a third of them queued a while.
            var kind = random.Next(4);
            _kind[i] = (byte)kind;
            var (low, high) = SpanOf(kind);
            var total = low + (random.NextDouble() * (high - low));
            var queued = random.NextDouble() < 0.3 ? total * (0.05 + (0.25 * random.NextDouble())) : total * 0.03;
            _queuedFor[i] = (float)queued;
            _runsFor[i] = (float)(total - queued);
            _lastReadAt[i] = float.NaN;
            _seenEndedAt[i] = float.NaN;
        }
    }

    public int Tasks => _queuedFor.Length;

    public long Reads { get; private set; }

    /// <summary>Gets the most reads the service received in any one-second window [t, t + 1 s).</summary>
    public int MostReadsInAnySecond => _rate.Most;

    /// <summary>Gets the longest time between two reads of the same task, in seconds.</summary>
    public double LongestGapBetweenReads { get; private set; }

    public static string TaskId(int index) => IdPrefix + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>Every tenth task fails at its end (content policy); the others complete.</summary>
    public static bool Fails(int index) => index % 10 == 3;

    /// <summary>Gets the mode and clip length task <paramref name="index"/> was submitted with (its kind: std 5 s, std 10 s, pro 5 s, pro 10 s).</summary>
    public (VideoMode Mode, VideoDuration Duration) RequestOf(int index)
        => (_kind[index] < 2 ? VideoMode.Standard : VideoMode.Professional, VideoDuration.FromSeconds(_kind[index] % 2 == 0 ? 5 : 10));

    public double EndsAt(int index) => _queuedFor[index] + _runsFor[index];

    /// <summary>Gets the span of times from submit to end that task <paramref name="index"/>'s kind is drawn from (uniformly), in seconds.</summary>
    public (double Low, double High) PlausibleEnds(int index) => SpanOf(_kind[index]);

    private static (double Low, double High) SpanOf(int kind)
        => kind switch { 0 => (60.0, 180.0), 1 => (90.0, 260.0), 2 => (100.0, 300.0), _ => (120.0, 400.0) };

    /// <summary>Gets how long after its end a read first showed task <paramref name="index"/> ended; NaN if never.</summary>
    public double DetectionLag(int index) => _seenEndedAt[index] - EndsAt(index);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var id = request.RequestUri!.Segments[^1];
        var index = int.Parse(id.AsSpan(IdPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture);
        var now = _clock.GetUtcNow();
        var t = (float)(now - _start).TotalSeconds;
        string body;
        lock (_gate)
        {
            Reads++;
            _rate.Record(now);
            if (!float.IsNaN(_lastReadAt[index]))
            {
                LongestGapBetweenReads = Math.Max(LongestGapBetweenReads, t - _lastReadAt[index]);
            }

            _lastReadAt[index] = t;
            body = Body(id, index, t);
        }

        var content = new StringContent(body, Encoding.UTF8, "application/json");
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
    }

    private string Body(string id, int index, float t)
    {
        // The submit of every task is the start of the run (the waits resume tasks submitted together).
        var CreatedAt = _start.ToUnixTimeSeconds();
        if (t < _queuedFor[index])
        {
            return $$"""{"id":"{{id}}","status":"queued","progress":0,"created_at":{{CreatedAt}}}""";
        }

        if (t < EndsAt(index))
        {
            var progress = (int)Math.Clamp(100 * (t - _queuedFor[index]) / _runsFor[index], 1, 99);
            return $$"""{"id":"{{id}}","status":"in_progress","progress":{{progress}},"created_at":{{CreatedAt}}}""";
        }

        if (float.IsNaN(_seenEndedAt[index]))
        {
            _seenEndedAt[index] = t;
        }

        var endedAt = CreatedAt + (long)EndsAt(index);
        return Fails(index)
            ? $$$"""{"id":"{{{id}}}","status":"failed","progress":0,"created_at":{{{CreatedAt}}},"error":{"code":"generation_failed","message":"Generation failed: Content violates the content policy"}}"""
            : $$$"""{"id":"{{{id}}}","status":"completed","progress":100,"created_at":{{{CreatedAt}}},"completed_at":{{{endedAt}}},"expires_at":{{{endedAt + 86_400}}},"result":{"type":"video","data":[{"url":"https://files.kling.test/{{{id}}}.mp4","format":"mp4"}]}}""";
    }

    /// <summary>The most events in any window [t, t + width): a queue of the events within the last width, never longer than the peak.</summary>
    private sealed class ReadRateMeter
    {
        private readonly long _widthTicks;
        private readonly Queue<long> _recent = new();

        public ReadRateMeter(TimeSpan width) => _widthTicks = width.Ticks;

        public int Most { get; private set; }

        public void Record(DateTimeOffset at)
        {
            var ticks = at.UtcTicks;
            while (_recent.Count > 0 && _recent.Peek() <= ticks - _widthTicks)
            {
                _recent.Dequeue();
            }

            _recent.Enqueue(ticks);
            Most = Math.Max(Most, _recent.Count);
        }
    }
}
