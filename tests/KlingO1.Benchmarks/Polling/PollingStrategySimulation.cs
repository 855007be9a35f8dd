using System.Globalization;

namespace KlingO1.Benchmarks.Polling;

/// <summary>
/// Issue 6, part 2, the measurement: replays the 1,000-task trace in virtual time against polling strategies and
/// reports status reads per task and detection lag (true completion to the client seeing it). Arithmetic on a
/// virtual clock: no sleeping, the same figures on every run.
/// </summary>
public static class PollingStrategySimulation
{
    /// <summary>A strategy: given the read number and what the last read returned, the seconds until the next read.</summary>
    public delegate double NextDelay(int readNumber, string status, int progress, double now);

    /// <summary>The trace seeds the goal is checked on; the first one is the trace of the main table.</summary>
    public static readonly int[] Seeds = [20261125, 1, 2, 3, 4, 5];

    /// <summary>Issue 17's goal for the default schedule: at most a quarter of the reads of fixed 5 s polling, lag mean ≤ 3 s, p95 ≤ 6 s.</summary>
    public const double ReadShareGoal = 0.25;

    public const double LagMeanGoal = 3;

    public const double LagP95Goal = 6;

    /// <summary>Runs the replay and prints its tables; false when the default schedule missed the goal on any seed.</summary>
    public static bool Run(TextWriter output)
    {
        var traces = TaskTrace.Generate(seed: Seeds[0]);
        output.WriteLine($"{traces.Length} simulated tasks (seed {Seeds[0]}); mean true duration {traces.Average(t => t.CompletesAt).ToString("F0", CultureInfo.InvariantCulture)} s");
        PrintTable(output, traces, AllStrategies());

        // The goal, on every seed, for both waits of the SDK, beside fixed 5 s polling on the same trace.
        var met = true;
        output.WriteLine();
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Goal on {Seeds.Length} trace seeds: reads at most {ReadShareGoal:P0} of fixed 5 s, detection lag mean at most {LagMeanGoal} s, p95 at most {LagP95Goal} s"));
        output.WriteLine("| seed | wait | reads per task (fixed 5 s) | share of fixed 5 s | detection lag mean | detection lag p95 | goal | before issue 17: reads, share, lag mean / p95 | oracle (knows the end): reads, lag |");
        output.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var seed in Seeds)
        {
            var seeded = TaskTrace.Generate(seed: seed);
            var baseline = Measure(seeded, (_, _) => (_, _, _, _) => 5);
            var oracle = Measure(seeded, (trace, _) => (reads, _, _, now) => reads == 0 ? trace.CompletesAt - now : 5);
            var befores = SdkWaits(beforeIssue17: true);
            foreach (var (index, name, create) in SdkWaits().Select((w, i) => (i, w.Name[(w.Name.IndexOf(',', StringComparison.Ordinal) + 2)..], w.Create)))
            {
                var figures = Measure(seeded, create);
                var before = Measure(seeded, befores[index].Create);
                var share = figures.Reads / baseline.Reads;
                var ok = share <= ReadShareGoal && figures.LagMean <= LagMeanGoal && figures.LagP95 <= LagP95Goal;
                met &= ok;
                output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"| {seed} | {name} | {figures.Reads:F1} ({baseline.Reads:F1}) | {share:P1} | {figures.LagMean:F2} s | {figures.LagP95:F2} s | {(ok ? "met" : "MISSED")} | {before.Reads:F1}, {before.Reads / baseline.Reads:P0}, {before.LagMean:F2} / {before.LagP95:F2} s | {oracle.Reads:F1}, {oracle.LagMean:F2} s |"));
            }
        }

        // Tasks stuck at 99% well past their end: what the stall backoff saves, at what lag.
        var stalled = TaskTrace.GenerateStalled(seed: Seeds[0]);
        output.WriteLine();
        output.WriteLine($"The same {stalled.Length} tasks, each stuck at 99% for 60-180 s past its end before completing");
        PrintTable(output, stalled, AllStrategies().Where(s => !s.Name.StartsWith("variant", StringComparison.Ordinal)));
        output.WriteLine(met ? "polling goal: met on every seed" : "polling goal: MISSED (see above)");
        return met;
    }

    /// <summary>Replays every trace with its own strategy instance: reads per task, and the mean and p95 of the lag.</summary>
    public static (double Reads, double LagMean, double LagP95) Measure(TaskTrace[] traces, Func<TaskTrace, int, NextDelay> create)
    {
        var reads = new List<int>();
        var lags = new List<double>();
        for (var i = 0; i < traces.Length; i++)
        {
            var (count, lag) = Replay(traces[i], create(traces[i], i));
            reads.Add(count);
            lags.Add(lag);
        }

        lags.Sort();
        return (reads.Average(), lags.Average(), lags[(int)(lags.Count * 0.95)]);
    }

    private static void PrintTable(TextWriter output, TaskTrace[] traces, IEnumerable<(string Name, Func<TaskTrace, int, NextDelay> Create)> strategies)
    {
        output.WriteLine("| strategy | reads per task (mean) | detection lag mean | detection lag p95 |");
        output.WriteLine("|---|---|---|---|");
        foreach (var (name, create) in strategies)
        {
            var (reads, mean, p95) = Measure(traces, create);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {reads:F1} | {mean:F2} s | {p95:F2} s |"));
        }
    }

    private static IEnumerable<(string Name, Func<TaskTrace, int, NextDelay> Create)> AllStrategies()
    {
        yield return ("fixed 5 s", (_, _) => (_, _, _, _) => 5);
        yield return ("fixed 10 s", (_, _) => (_, _, _, _) => 10);
        yield return ("exponential 5-15 s (ExponentialBackoff)", (_, i) => Sdk(new KlingPollingOptions { Strategy = PollingStrategy.ExponentialBackoff }, Jitter(i), prior: null));
        var (bare, prior) = (SdkWaits()[0], SdkWaits()[1]);
        yield return SdkWaits(beforeIssue17: true)[0];
        yield return bare;
        yield return ("variant: aim 0.5 s after the estimate", (_, _) => ProgressAwareCandidate(5, 15, 0.5));
        yield return SdkWaits(beforeIssue17: true)[1];
        yield return prior;
        yield return ("oracle: one read at the true end (lower bound)", (trace, _) => (reads, _, _, now) => reads == 0 ? trace.CompletesAt - now : 5);
    }

    private static (string Name, Func<TaskTrace, int, NextDelay> Create)[] SdkWaits(bool beforeIssue17 = false) =>
    [
        (beforeIssue17 ? "progress-aware 5-15 s before issue 17, rate only" : "progress-aware 5-15 s (60 s while far), rate only (SDK default, WaitForCompletionAsync)", (_, i) => SdkProgressAware(Jitter(i), beforeIssue17: beforeIssue17)),
        (beforeIssue17 ? "progress-aware 5-15 s before issue 17, mode/duration prior" : "progress-aware 5-15 s (60 s while far), mode/duration prior (SDK default, GenerateAsync)", (trace, i) => SdkProgressAware(Jitter(i), trace, beforeIssue17)),
    ];

    // Each task draws its own jitter, seeded by its place in the trace: the same figures on every run.
    private static Random Jitter(int task) => new(7 + task);

    /// <summary>
    /// The SDK's own schedule, one instance per task, on the virtual clock: with the prior of the task's mode and length
    /// when <paramref name="trace"/> is given (as GenerateAsync waits), with none otherwise (as WaitForCompletionAsync).
    /// </summary>
    public static NextDelay SdkProgressAware(Random jitter, TaskTrace? trace = null, bool beforeIssue17 = false)
        => Sdk(new KlingPollingOptions { UsesLongestDueScheduling = beforeIssue17 }, jitter, trace is null ? null : KlingO1.Engine.GenerationTimes.PriorFor(new VideoMode(trace.Mode), VideoDuration.FromSeconds(trace.DurationSeconds)));

    /// <summary>The SDK's answer to "when is the next read" for one wait with <paramref name="options"/>, as its waits ask it.</summary>
    private static NextDelay Sdk(KlingPollingOptions options, Random jitter, KlingO1.Polling.GenerationTimePrior? prior)
    {
        var delay = KlingO1.Polling.PollingDelay.For(options, jitter.NextDouble, prior);
        var epoch = DateTimeOffset.UnixEpoch;
        return (_, status, progress, now) =>
        {
            var at = epoch.AddSeconds(now);
            return (delay.NextReadAt(KlingVideoModelFactory.VideoTask("trace", new VideoTaskStatus(status), progress, epoch), at) - at).TotalSeconds;
        };
    }

    /// <summary>
    /// A variant progress-aware schedule, for comparison only (not yet the SDK's): estimates the completion time from the
    /// progress rate seen so far, reads sparsely while it is far, and aims the next read just after the estimate,
    /// always within [min, max]. One instance per task: it keeps the first progress it saw.
    /// </summary>
    public static NextDelay ProgressAwareCandidate(double min, double max, double? aimAfter)
    {
        double? firstAt = null;
        var firstProgress = 0;
        return (_, status, progress, now) =>
        {
            if (status != "in_progress" || progress <= 0)
            {
                return (min + max) / 2;
            }

            if (firstAt is null)
            {
                firstAt = now;
                firstProgress = progress;
                return min;
            }

            var rate = (progress - firstProgress) / Math.Max(now - firstAt.Value, 1e-6);
            if (rate <= 0)
            {
                return max;
            }

            var remaining = (100 - progress) / rate;
            return aimAfter is { } after
                ? Math.Clamp(remaining + after, min, max)
                : Math.Clamp(remaining - min, min, max);   // arrive one interval before the estimate, then poll at the minimum
        };
    }

    /// <summary>Polls one task from its submit until a read sees it completed: the read count and the lag.</summary>
    public static (int Reads, double Lag) Replay(TaskTrace trace, NextDelay next)
    {
        var now = 0.0;
        var (status, progress) = ("queued", 0);   // the submit's answer
        var reads = 0;
        while (status != "completed")
        {
            now += next(reads, status, progress, now);
            (status, progress) = trace.ReadAt(now);
            reads++;
        }

        return (reads, now - trace.CompletesAt);
    }
}
