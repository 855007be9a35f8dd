namespace KlingO1.Benchmarks.Polling;

/// <summary>
/// One simulated task as the service would report it over time: a queue wait, then a run whose progress rises with
/// noise and stalls, then completion. Times are seconds after the submit.
/// </summary>
public sealed class TaskTrace
{
    private readonly (double At, int Progress)[] _curve;

    private TaskTrace(string mode, int durationSeconds, double queuedFor, double runsFor, (double At, int Progress)[] curve)
    {
        Mode = mode;
        DurationSeconds = durationSeconds;
        QueuedFor = queuedFor;
        RunsFor = runsFor;
        _curve = curve;
    }

    public string Mode { get; }

    public int DurationSeconds { get; }

    public double QueuedFor { get; }

    public double RunsFor { get; }

    /// <summary>Gets when the video is really ready.</summary>
    public double CompletesAt => QueuedFor + RunsFor;

    /// <summary>What a status read at <paramref name="t"/> returns.</summary>
    public (string Status, int Progress) ReadAt(double t)
    {
        if (t >= CompletesAt)
        {
            return ("completed", 100);
        }

        if (t < QueuedFor)
        {
            return ("queued", 0);
        }

        var progress = 0;
        foreach (var (at, value) in _curve)
        {
            if (at > t)
            {
                break;
            }

            progress = value;
        }

        return ("in_progress", progress);
    }

    /// <summary>
    /// The same task, except that its progress stands at 99% for <paramref name="frozenFor"/> seconds past the time it
    /// would have completed, and only then completes: a stall past any estimate the progress rate gives.
    /// </summary>
    public TaskTrace FrozenAtTheEnd(double frozenFor)
        => new(Mode, DurationSeconds, QueuedFor, RunsFor + frozenFor, [.. _curve, (CompletesAt, 99)]);

    /// <summary>
    /// 1,000 tasks in the shapes issue 6 describes: std 5 s in about 60–180 s, pro 10 s in about 120–400 s (and the
    /// other two in between), queue waits, noisy progress, and stalls. Seeded: the same trace every run.
    /// </summary>
    public static TaskTrace[] Generate(int count = 1000, int seed = 20261125)
    {
        var random = new Random(seed);
        var traces = new TaskTrace[count];
        for (var i = 0; i < count; i++)
        {
            var pro = random.NextDouble() < 0.4;
            var ten = random.NextDouble() < 0.4;
            var (low, high) = (pro, ten) switch
            {
                (false, false) => (60.0, 180.0),
                (false, true) => (90.0, 260.0),
                (true, false) => (100.0, 300.0),
                _ => (120.0, 400.0),
            };
            var total = low + (random.NextDouble() * (high - low));
            var queued = random.NextDouble() < 0.3 ? total * (0.05 + (0.25 * random.NextDouble())) : total * 0.03;
            var runs = total - queued;

            // Progress is reported every ~2 s of the run: roughly linear, with noise, and the odd stall.
            var curve = new List<(double, int)>();
            var stallUntil = 0.0;
            var last = 0;
            for (var at = queued; at < total; at += 2)
            {
                if (at < stallUntil)
                {
                    continue;
                }

                if (random.NextDouble() < 0.01)
                {
                    stallUntil = at + (10 + (random.NextDouble() * 30));
                }

                var ideal = 100 * (at - queued) / runs;
                var noisy = (int)Math.Clamp(ideal + ((random.NextDouble() - 0.5) * 8), last, 99);
                curve.Add((at, noisy));
                last = noisy;
            }

            traces[i] = new TaskTrace(pro ? "pro" : "std", ten ? 10 : 5, queued, runs, curve.ToArray());
        }

        return traces;
    }

    /// <summary>
    /// The tasks of <see cref="Generate"/>, each stuck at 99% for 60–180 s past its end before it completes. Seeded.
    /// </summary>
    public static TaskTrace[] GenerateStalled(int count = 1000, int seed = 20261125)
    {
        var random = new Random(seed + 1);
        return [.. Generate(count, seed).Select(t => t.FrozenAtTheEnd(60 + (120 * random.NextDouble())))];
    }
}
