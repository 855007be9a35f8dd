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

    public static void Run(TextWriter output)
    {
        var traces = TaskTrace.Generate();
        var jitter = new Random(7);
        var sdkBackoff = new KlingO1.Polling.PollingBackoff(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), jitter.NextDouble);
        var strategies = new (string Name, NextDelay Next)[]
        {
            ("fixed 5 s", (_, _, _, _) => 5),
            ("fixed 10 s", (_, _, _, _) => 10),
            ("exponential 5-15 s (ExponentialBackoff)", (n, _, _, _) => sdkBackoff.DelayBefore(n).TotalSeconds),
        };
        var candidates = new (string Name, Func<TaskTrace, NextDelay> Create)[]
        {
            ("progress-aware 5-15 s, rate only (SDK default, WaitForCompletionAsync)", _ => SdkProgressAware(jitter)),
            ("variant: aim 0.5 s after the estimate", _ => ProgressAwareCandidate(5, 15, 0.5)),
            ("progress-aware 5-15 s, mode/duration prior (SDK default, GenerateAsync)", trace => SdkProgressAware(jitter, trace)),
        };

        output.WriteLine($"{traces.Length} simulated tasks; mean true duration {traces.Average(t => t.CompletesAt).ToString("F0", CultureInfo.InvariantCulture)} s");
        output.WriteLine("| strategy | reads per task (mean) | detection lag mean | detection lag p95 |");
        output.WriteLine("|---|---|---|---|");
        foreach (var (name, create) in strategies.Select(s => (s.Name, (Func<TaskTrace, NextDelay>)(_ => s.Next))).Concat(candidates))
        {
            var reads = new List<int>();
            var lags = new List<double>();
            foreach (var trace in traces)
            {
                var (count, lag) = Replay(trace, create(trace));
                reads.Add(count);
                lags.Add(lag);
            }

            lags.Sort();
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {name} | {reads.Average():F1} | {lags.Average():F2} s | {lags[(int)(lags.Count * 0.95)]:F2} s |"));
        }
    }

    /// <summary>
    /// The SDK's own schedule, one instance per task, on the virtual clock: with the prior of the task's mode and length
    /// when <paramref name="trace"/> is given (as GenerateAsync waits), with none otherwise (as WaitForCompletionAsync).
    /// </summary>
    public static NextDelay SdkProgressAware(Random jitter, TaskTrace? trace = null)
    {
        var prior = trace is null ? null : KlingO1.Polling.GenerationTimePrior.For(new VideoMode(trace.Mode), VideoDuration.FromSeconds(trace.DurationSeconds));
        var schedule = new KlingO1.Polling.ProgressAwareSchedule(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), jitter.NextDouble, prior);
        var epoch = DateTimeOffset.UnixEpoch;
        return (_, status, progress, now) => schedule.DelayAfter(
            KlingVideoModelFactory.VideoTask("trace", new VideoTaskStatus(status), progress, epoch), epoch.AddSeconds(now)).TotalSeconds;
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
