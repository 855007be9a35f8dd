using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Testing;
using KlingO1.Tests.Infrastructure;
using Xunit.Abstractions;

namespace KlingO1.Tests.Transport.Resilience
{
    /// <summary>
    /// 200 generations at once against the in-memory simulator, which fails 30% of status reads at random (500, 502, 503,
    /// 504 or a dropped connection) and rate-limits the first 28 submits once, all on one fake clock: every task is found
    /// at its true end, none is submitted twice or lost.
    /// </summary>
    public sealed class BulkFaultInjectionTests
    {
        private const int Tasks = 200;
        private const int RateLimitedSubmits = Tasks / 7;
        private const int Seed = 42;
        private readonly ITestOutputHelper _output;

        public BulkFaultInjectionTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public async Task SubmitAndWait_200ConcurrentTasksUnderRandomFaults_EveryTaskEndsTrulyWithNoDuplicateOrLostSubmit()
        {
            var stopwatch = Stopwatch.StartNew();

            // Sleeps are the backoffs, Retry-After waits and poll intervals (at most 15 s); the per-attempt and overall
            // timeouts are longer and not counted.
            var clock = new ManualClock { LongestSleep = TimeSpan.FromSeconds(16) };
            var started = clock.GetUtcNow();
            await using var simulator = KlingSimulator.CreateInMemory(new KlingSimulatorOptions { TimeProvider = clock });
            simulator.Faults.RateLimitSubmits(RateLimitedSubmits, TimeSpan.FromSeconds(1));
            simulator.Faults.FailStatusReadsAtRandom(0.3, Seed);
            var requests = Requests(new Random(Seed));
            var jitter = new Random(Seed + 1);
            var options = simulator.CreateClientOptions();
            options.Retry = ResilientClients.Retry();
            options.Polling = new KlingPollingOptions { InitialDelay = TimeSpan.FromSeconds(5), MaxInterval = TimeSpan.FromSeconds(15), Timeout = TimeSpan.FromHours(1) };

            // Virtual time moves while the driver runs; keep a starved thread from turning into a (legitimate) unknown outcome.
            options.Timeouts = new KlingTimeoutOptions { Submit = TimeSpan.FromHours(1) };
            using var handler = simulator.CreateHandler();
            using var client = new KlingVideoClient(new HttpClient(handler, disposeHandler: false) { Timeout = System.Threading.Timeout.InfiniteTimeSpan }, options, clock, () =>
            {
                lock (jitter)
                {
                    return jitter.NextDouble();
                }
            });

            var unfinished = Tasks;
            var flows = Enumerable.Range(0, Tasks).Select(i => Task.Run(async () =>
            {
                try
                {
                    return await RunAsync(client, i, requests[i]);
                }
                finally
                {
                    Interlocked.Decrement(ref unfinished);
                }
            })).ToArray();
            var all = Task.WhenAll(flows);
            var iterations = 0;
            var yields = 0L;
            while (!all.IsCompleted)
            {
                // Advance only once every unfinished generation sleeps: on its clock (a backoff, a Retry-After) or parked in the
                // client's poll scheduler between reads. Moving time while one still runs would squeeze its waits.
                while (clock.SleepsPending + client.ParkedWaits < Volatile.Read(ref unfinished) && !all.IsCompleted)
                {
                    Assert.True(++yields < 50_000_000, "the generations stopped making progress");
                    await Task.Yield();
                }

                Assert.True(++iterations <= 10_000, "the generations did not all end within 10,000 virtual seconds");
                clock.Advance(TimeSpan.FromSeconds(1));
                await Task.Yield();
            }

            var outcomes = await all;
            stopwatch.Stop();

            // The truth, read once the faults are off: each task as the simulator has it at the end.
            simulator.Faults.FailStatusReadsAtRandom(0);
            var posts = simulator.Requests.Where(r => r.Method == "POST").ToArray();
            var reads = simulator.Requests.Where(r => r.Method == "GET").ToArray();
            var readFaults = reads.Where(r => r.StatusCode is 0 or >= 500).ToArray();
            var created = simulator.Tasks.ToLookup(t => t.Prompt, StringComparer.Ordinal);
            var lost = outcomes.Count(o => o.Final is null);
            var neverCreated = requests.Count(r => !created[r.Prompt].Any());
            var duplicates = created.Sum(g => g.Count() - 1);
            var truths = await TruthsAsync(simulator);
            var wrongEnd = outcomes.Where(o => o.Final is not null && !EndedTruly(o.Final, created[requests[o.Index].Prompt].Single(), truths)).Select(o => o.Index).ToArray();
            _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"logical submits:         {Tasks}"));
            _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"POSTs received:          {posts.Length} ({posts.Count(p => p.StatusCode == 429)} answered 429 with Retry-After: 1)"));
            _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"status reads received:   {reads.Length}"));
            _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"status-read faults:      {readFaults.Length} ({string.Join(", ", readFaults.GroupBy(r => r.StatusCode).OrderBy(g => g.Key).Select(g => $"{(g.Key == 0 ? "connection dropped" : g.Key.ToString(CultureInfo.InvariantCulture))}: {g.Count()}"))})"));
            _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"duplicate submits:       {duplicates}"));
            _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"tasks lost:              {lost + neverCreated}"));
            _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrong terminal state:    {wrongEnd.Length}"));
            _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"completed / failed:      {outcomes.Count(o => o.Final?.Status == VideoTaskStatus.Completed)} / {outcomes.Count(o => o.Final?.Status == VideoTaskStatus.Failed)}"));
            _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"virtual time:            {(clock.GetUtcNow() - started).TotalSeconds} s in {iterations} steps; real time {stopwatch.ElapsedMilliseconds} ms"));
            foreach (var failure in outcomes.Where(o => o.Error is not null).Take(3))
            {
                _output.WriteLine($"task {failure.Index}: {failure.Error}");
            }

            Assert.Equal(0, lost);
            Assert.Equal(0, neverCreated);
            Assert.Equal(0, duplicates);
            Assert.Empty(wrongEnd);
            for (var i = 0; i < Tasks; i++)
            {
                Assert.Equal(created[requests[i].Prompt].Single().Id, outcomes[i].SubmittedId);
            }

            // Every POST was either refused (429, no task) or created exactly the one task of its logical submit.
            Assert.Equal(Tasks + RateLimitedSubmits, posts.Length);
            Assert.Equal(RateLimitedSubmits, posts.Count(p => p.StatusCode == 429));
            Assert.Equal(Tasks, posts.Count(p => p.StatusCode == 200));
            // About 30% of the reads fail (the share set above); a share, not a count, since how often a task is read is the schedule's choice.
            Assert.True(readFaults.Length >= 50 && readFaults.Length >= reads.Length / 5, $"the run injected the faults it is meant to survive ({readFaults.Length} of {reads.Length} reads)");
            Assert.Contains(outcomes, o => o.Final?.Status == VideoTaskStatus.Failed);
        }

        /// <summary>
        /// The 200 requests, drawn up front from the seed: modes and lengths vary when tasks end, and about one in five
        /// carries the simulator's failure marker, so it ends failed.
        /// </summary>
        private static VideoGenerationRequest[] Requests(Random random)
            => Enumerable.Range(0, Tasks).Select(i => new VideoGenerationRequest(
                "Bulk clip #" + i.ToString(CultureInfo.InvariantCulture) + (random.NextDouble() < 0.2 ? " [fail]" : string.Empty))
            {
                Mode = random.Next(2) == 0 ? VideoMode.Standard : VideoMode.Professional,
                Duration = random.Next(2) == 0 ? VideoDuration.FiveSeconds : VideoDuration.TenSeconds,
            }).ToArray();

        /// <summary>Reads every task the simulator created, with the faults off: what each one truly ended as.</summary>
        private static async Task<Dictionary<string, VideoTask>> TruthsAsync(KlingSimulator simulator)
        {
            using var client = simulator.CreateClient();
            var truths = new Dictionary<string, VideoTask>(StringComparer.Ordinal);
            foreach (var task in simulator.Tasks)
            {
                truths[task.Id] = await client.GetTaskAsync(task.Id);
            }

            return truths;
        }

        /// <summary>Tells whether <paramref name="final"/> is the true terminal state of <paramref name="task"/>.</summary>
        private static bool EndedTruly(VideoTask final, SimulatedTask task, Dictionary<string, VideoTask> truths)
        {
            var truth = truths[task.Id];
            return final.Id == task.Id
                && final.Status == (task.WillFail ? VideoTaskStatus.Failed : VideoTaskStatus.Completed)
                && final.Status == truth.Status
                && (task.WillFail
                    ? final.Error?.Code == "generation_failed"
                    : final.VideoUrl is not null && final.VideoUrl == truth.VideoUrl);
        }

        private static async Task<Outcome> RunAsync(KlingVideoClient client, int index, VideoGenerationRequest request)
        {
            try
            {
                var generation = await client.StartGenerationAsync(request);
                try
                {
                    return new Outcome(index, generation.Id, await generation.WaitForCompletionAsync(), null);
                }
                catch (VideoTaskFailedException failed)
                {
                    // A wait that ends in a failed task throws it; the outcome is the task it carries.
                    return new Outcome(index, generation.Id, failed.Task, null);
                }
            }
            catch (Exception ex) when (ex is KlingException or HttpRequestException or IOException)
            {
                return new Outcome(index, null, null, ex);
            }
        }

        private sealed record Outcome(int Index, string? SubmittedId, VideoTask? Final, Exception? Error);
    }
}
