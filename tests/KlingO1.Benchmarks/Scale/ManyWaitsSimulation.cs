using System.Diagnostics;
using System.Globalization;

namespace KlingO1.Benchmarks.Scale;

/// <summary>
/// Issue 6, part 3, the measurement: thousands of concurrent waits of one client against <see cref="ManyTasksService"/>
/// in virtual time. Reports peak managed memory above a baseline taken in the same run, the most status reads in any
/// one second against the client's cap, and whether every wait saw its task's true end (none lost).
/// </summary>
public static class ManyWaitsSimulation
{
    private const int Seed = 20261125;

    // Virtual time moves in 5 ms steps: finer than the 25 ms between reads at the default cap, so reads go out on time.
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan LongestRun = TimeSpan.FromHours(2);

    public sealed record Result(
        int Waits,
        double Cap,
        long Reads,
        int MostReadsInAnySecond,
        int Observed,
        int Lost,
        double VirtualSeconds,
        long BaselineBytes,
        long PeakLiveBytes,
        long PeakHeapBytes,
        long AllocatedBytes,
        double LagMean,
        double LagP95,
        double LagMax,
        double LongestGap,
        TimeSpan WallTime);

    /// <summary>Issue 17's goal at 10,000 waits under the 40/s cap: detection lag mean at most 20 s, p95 at most 60 s.</summary>
    public const int GoalWaits = 10_000;

    public const double LagMeanGoal = 20;

    public const double LagP95Goal = 60;

    /// <param name="waits">How many waits, all started at once.</param>
    /// <param name="cap">The client's status-read cap.</param>
    /// <param name="beforeIssue17">True to measure the design of before issue 17 (the read due longest goes first).</param>
    /// <param name="atSubmit">
    /// True for waits started at the submit (as GenerateAsync's and an operation's: the submit's answer as the first
    /// snapshot, the request's mode and length as the prior); false for WaitForCompletionAsync(id), which knows nothing
    /// before its first read (a process resuming every wait it had).
    /// </param>
    public static async Task<Result> RunAsync(int waits, double cap = 40, bool beforeIssue17 = false, bool atSubmit = false)
    {
        var clock = new SimulationClock(new DateTimeOffset(2026, 1, 14, 8, 0, 0, TimeSpan.Zero));
        var service = new ManyTasksService(clock, waits, Seed);
        var jitter = new Random(Seed + 1);
        var options = new KlingVideoClientOptions
        {
            ApiKey = "tk-bench",
            BaseAddress = new Uri("https://api.kling.test/"),

            // Reads of 10,000 waits at 40/s take 250 s a round, so a wait can take longer than the default 10 minutes.
            Polling = new KlingPollingOptions { MaxStatusReadsPerSecond = cap, Timeout = TimeSpan.FromMinutes(30), UsesLongestDueScheduling = beforeIssue17 },
        };

        var baseline = SettledMemory();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var wall = Stopwatch.StartNew();
        using var http = new HttpClient(service, disposeHandler: false);
        using var client = new KlingVideoClient(http, options, clock, () =>
        {
            lock (jitter)
            {
                return jitter.NextDouble();
            }
        });

        var started = clock.GetUtcNow();

        // All at once, as a process that restarts and resumes every wait it had: the worst burst for the rate.
        var outcomes = new Task<VideoTask>[waits];
        for (var i = 0; i < waits; i++)
        {
            var id = ManyTasksService.TaskId(i);
            if (atSubmit)
            {
                var (mode, duration) = service.RequestOf(i);
                var submitted = KlingVideoModelFactory.VideoTask(id, VideoTaskStatus.Queued, 0, started);
                outcomes[i] = client.WaitAsync(id, submitted, progress: null, mode, duration, carryTask: false, CancellationToken.None);
            }
            else
            {
                outcomes[i] = client.WaitForCompletionAsync(id);
            }
        }

        var all = Task.WhenAll(outcomes);
        var peakLive = SettledMemory() - baseline;
        var peakHeap = GC.GetTotalMemory(forceFullCollection: false) - baseline;
        for (long step = 1; !all.IsCompleted && clock.GetUtcNow() - started < LongestRun; step++)
        {
            clock.Advance(Step);
            await Task.Yield();
            if (step % 200 == 0)
            {
                peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(forceFullCollection: false) - baseline);
            }

            if (step % 2_000 == 0)
            {
                peakLive = Math.Max(peakLive, SettledMemory() - baseline);
            }
        }

        await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(10))).ConfigureAwait(false);
        wall.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var observed = 0;
        var lags = new List<double>(waits);
        for (var i = 0; i < waits; i++)
        {
            var expected = ManyTasksService.Fails(i) ? VideoTaskStatus.Failed : VideoTaskStatus.Completed;
            // A wait for a failed task throws VideoTaskFailedException (issue 16), carrying the task as last read.
            var final = outcomes[i].IsCompletedSuccessfully ? outcomes[i].Result : (outcomes[i].Exception?.InnerException as VideoTaskFailedException)?.Task;
            if (final is not null && final.Status == expected)
            {
                observed++;
                lags.Add(service.DetectionLag(i));
            }
        }

        lags.Sort();
        return new Result(
            waits,
            cap,
            service.Reads,
            service.MostReadsInAnySecond,
            observed,
            waits - observed,
            (clock.GetUtcNow() - started).TotalSeconds,
            baseline,
            peakLive,
            peakHeap,
            allocated,
            lags.Count > 0 ? lags.Average() : double.NaN,
            lags.Count > 0 ? lags[(int)(lags.Count * 0.95)] : double.NaN,
            lags.Count > 0 ? lags[^1] : double.NaN,
            service.LongestGapBetweenReads,
            wall.Elapsed);
    }

    /// <summary>
    /// The lower bound: an oracle that knows when each task ends reads it once, then, spaced by the cap (a read that
    /// cannot go at a task's end goes at the next free slot, earliest end first). Its reads and lag (mean, p95, max).
    /// </summary>
    public static (long Reads, double LagMean, double LagP95, double LagMax) Oracle(int waits, double cap)
    {
        var service = new ManyTasksService(TimeProvider.System, waits, Seed);
        var ends = Enumerable.Range(0, waits).Select(service.EndsAt).Order().ToArray();
        var lags = new double[waits];
        var free = double.NegativeInfinity;
        for (var i = 0; i < ends.Length; i++)
        {
            var at = Math.Max(ends[i], free);
            lags[i] = at - ends[i];
            free = at + (1 / cap);
        }

        Array.Sort(lags);
        return (waits, lags.Average(), lags[(int)(lags.Length * 0.95)], lags[^1]);
    }

    /// <summary>
    /// What the information a read gives allows at best, for waits started at the submit: an idealized scheduler that
    /// knows the span each task's kind is drawn from (better than the SDK's prior, a single typical time) and learns a
    /// task's exact end from any one read of it unfinished (the SDK needs the progress to move to know the rate). Each
    /// slot of the cap reads, in this order: a task known to have ended (earliest end first); else the unread task whose
    /// span begins first, also before anything can have ended (an idle slot is never left unused). Not a proof of
    /// optimality: thresholds on the chance a task has ended and other keys did no better in a sweep.
    /// </summary>
    public static (long Reads, double LagMean, double LagP95, double LagMax) InformationBound(int waits, double cap)
    {
        var service = new ManyTasksService(TimeProvider.System, waits, Seed);
        var unread = new PriorityQueue<int, double>();
        for (var i = 0; i < waits; i++)
        {
            unread.Enqueue(i, service.PlausibleEnds(i).Low);
        }

        var known = new PriorityQueue<int, double>();
        var lags = new List<double>(waits);
        var (t, reads) = (0.0, 0L);
        while (lags.Count < waits)
        {
            if (known.TryPeek(out var ended, out var end) && end <= t)
            {
                known.Dequeue();
                lags.Add(t - service.EndsAt(ended));
            }
            else if (unread.TryDequeue(out var first, out _))
            {
                if (service.EndsAt(first) <= t)
                {
                    lags.Add(t - service.EndsAt(first));
                }
                else
                {
                    known.Enqueue(first, service.EndsAt(first));
                }
            }
            else
            {
                // Every task read once: the next slot that matters is the next known end.
                t = Math.Max(t, end);
                continue;
            }

            reads++;
            t += 1 / cap;
        }

        lags.Sort();
        return (reads, lags.Average(), lags[(int)(lags.Count * 0.95)], lags[^1]);
    }

    /// <summary>
    /// The lower bound of waits that know nothing before their first read (WaitForCompletionAsync(id)): an oracle that
    /// must read every task once, in no better order than any (by id), and then knows its end exactly: a read of a task
    /// whose end has passed goes first (earliest end first), the first reads fill the rest of the cap.
    /// </summary>
    public static (long Reads, double LagMean, double LagP95, double LagMax) OracleAfterFirstRead(int waits, double cap)
    {
        var service = new ManyTasksService(TimeProvider.System, waits, Seed);
        var ended = new PriorityQueue<int, double>();
        var lags = new List<double>(waits);
        var (t, next, reads) = (0.0, 0, 0L);
        while (next < waits || ended.Count > 0)
        {
            if (ended.TryPeek(out var seen, out var end) && (end <= t || next == waits))
            {
                ended.Dequeue();
                t = Math.Max(t, end);
                lags.Add(t - service.EndsAt(seen));
            }
            else
            {
                var first = next++;
                if (service.EndsAt(first) <= t)
                {
                    lags.Add(t - service.EndsAt(first));
                }
                else
                {
                    ended.Enqueue(first, service.EndsAt(first));
                }
            }

            reads++;
            t += 1 / cap;
        }

        lags.Sort();
        return (reads, lags.Average(), lags[(int)(lags.Count * 0.95)], lags[^1]);
    }

    /// <summary>
    /// Runs one simulation per size and kind of wait, of the design before issue 17 and of today's, beside the lower
    /// bounds, and prints the table; false when a run exceeded the cap or lost a task, or today's design saw ends no sooner
    /// than the one before it (issue 17's goal at <see cref="GoalWaits"/> waits is printed, not enforced).
    /// </summary>
    public static async Task<bool> RunAsync(TextWriter output, IEnumerable<int> sizes)
    {
        var ok = true;
        output.WriteLine("Concurrent waits of one client against an in-memory service, in virtual time (default KlingPollingOptions but Timeout 30 min); every wait started at once:");
        output.WriteLine("| waits | kind of wait | design | most reads in any 1 s (cap 40/s) | reads (per task) | tasks seen ending (lost) | peak managed memory above baseline (live / incl. garbage) | per wait | detection lag mean / p95 / max | longest gap between reads of a task | virtual time | wall time |");
        output.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        var goals = new List<string>();
        foreach (var size in sizes)
        {
            foreach (var atSubmit in new[] { true, false })
            {
                var kind = atSubmit ? "at submit, with prior (GenerateAsync, operation)" : "by id, nothing known (WaitForCompletionAsync)";
                var beforeLag = double.NaN;
                foreach (var before in new[] { true, false })
                {
                    var r = await RunAsync(size, beforeIssue17: before, atSubmit: atSubmit).ConfigureAwait(false);
                    if (before)
                    {
                        beforeLag = r.LagMean;
                    }
                    else if (!(r.LagMean < beforeLag))
                    {
                        // Today's choice must beat the one before it in the same run: a regression fails the run.
                        ok = false;
                        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  FAILED: lag mean {r.LagMean:F1} s is not below the design before issue 17 ({beforeLag:F1} s)"));
                    }

                    output.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"| {r.Waits:N0} | {kind} | {(before ? "before issue 17 (longest due first)" : "issue 17 (most likely ended first)")} | {r.MostReadsInAnySecond} | {r.Reads:N0} ({(double)r.Reads / r.Waits:F2}) | {r.Observed:N0}/{r.Waits:N0} ({r.Lost}) | {Mb(r.PeakLiveBytes)} / {Mb(r.PeakHeapBytes)} | {r.PeakLiveBytes / r.Waits:N0} B | {r.LagMean:F1} / {r.LagP95:F1} / {r.LagMax:F1} s | {r.LongestGap:F0} s | {r.VirtualSeconds:N0} s | {r.WallTime.TotalSeconds:F1} s |"));
                    if (r.MostReadsInAnySecond > r.Cap || r.Lost != 0)
                    {
                        ok = false;
                        output.WriteLine(string.Create(
                            CultureInfo.InvariantCulture,
                            $"  FAILED: {(r.MostReadsInAnySecond > r.Cap ? "cap EXCEEDED; " : string.Empty)}{r.Lost} tasks lost"));
                    }

                    if (!before && atSubmit && size == GoalWaits)
                    {
                        // Reported, not enforced: issue 17's figure is below what any schedule reached here (see README,
                        // Performance); the run fails on the cap, a lost task, or a regression against the design before.
                        var met = r.LagMean <= LagMeanGoal && r.LagP95 <= LagP95Goal;
                        goals.Add(string.Create(
                            CultureInfo.InvariantCulture,
                            $"waits goal at {size:N0} waits started at the submit, 40/s (lag mean <= {LagMeanGoal} s, p95 <= {LagP95Goal} s): {r.LagMean:F1} / {r.LagP95:F1} s, {(met ? "met" : "MISSED (not enforced)")}"));
                    }
                }
            }

            var oracle = Oracle(size, 40);
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {size:N0} | any | lower bound: oracle that knows each end, one read per task | 40 | {oracle.Reads:N0} (1.00) | {size:N0}/{size:N0} (0) | | | {oracle.LagMean:F1} / {oracle.LagP95:F1} / {oracle.LagMax:F1} s | | | |"));
            var informed = InformationBound(size, 40);
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {size:N0} | at submit | bound of the information a read gives: idealized scheduler that knows each kind's span and a task's exact end from one read | 40 | {informed.Reads:N0} ({(double)informed.Reads / size:F2}) | {size:N0}/{size:N0} (0) | | | {informed.LagMean:F1} / {informed.LagP95:F1} / {informed.LagMax:F1} s | | | |"));
            if (size == GoalWaits)
            {
                goals.Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"  the goal is below what the information of a status read allows: the idealized scheduler reaches {informed.LagMean:F1} / {informed.LagP95:F1} s (the oracle that knows every end: {oracle.LagMean:F1} / {oracle.LagP95:F1} s)"));
            }

            var bare = OracleAfterFirstRead(size, 40);
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {size:N0} | by id, nothing known | lower bound: oracle that must read each task once first, then knows its end | 40 | {bare.Reads:N0} ({(double)bare.Reads / size:F2}) | {size:N0}/{size:N0} (0) | | | {bare.LagMean:F1} / {bare.LagP95:F1} / {bare.LagMax:F1} s | | | |"));
        }

        output.WriteLine("  (every run: the cap was never exceeded and no task was lost unless a FAILED line says otherwise; memory per wait is live memory over the waits)");
        foreach (var goal in goals)
        {
            output.WriteLine(goal);
        }

        return ok;
    }

    private static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:F1} MB");

    private static long SettledMemory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
