using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace KlingO1.Tests.Transport.Resilience
{
    /// <summary>
    /// 200 generations at once against an in-memory service that fails 30% of status reads and rate-limits every
    /// 7th submit once, all on one fake clock: every task is found at its true end, none is submitted twice or lost.
    /// </summary>
    public sealed class BulkFaultInjectionTests
    {
        private const int Tasks = 200;
        private const int Seed = 42;
        private readonly ITestOutputHelper _output;

        public BulkFaultInjectionTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public async Task SubmitAndWait_200ConcurrentTasksUnderRandomFaults_EveryTaskEndsTrulyWithNoDuplicateOrLostSubmit()
        {
            var stopwatch = Stopwatch.StartNew();
            var clock = new QuiescenceClock(shortest: TimeSpan.FromSeconds(16));
            var started = clock.GetUtcNow();
            using var service = new SimulatedService(Tasks, new Random(Seed));
            var jitter = new Random(Seed + 1);
            var options = new KlingVideoClientOptions
            {
                ApiKey = KlingServerFixture.ApiKey,
                BaseAddress = new Uri(ScriptedHandler.Api + "/"),
                Retry = ResilientClients.Retry(),
                Polling = new KlingPollingOptions { InitialDelay = TimeSpan.FromSeconds(5), MaxInterval = TimeSpan.FromSeconds(15), Timeout = TimeSpan.FromHours(1) },

                // Virtual time moves while the driver runs; keep a starved thread from turning into a (legitimate) unknown outcome.
                Timeouts = new KlingTimeoutOptions { Submit = TimeSpan.FromHours(1) },
            };
            using var client = new KlingVideoClient(new HttpClient(service, disposeHandler: false) { Timeout = System.Threading.Timeout.InfiniteTimeSpan }, options, clock, () =>
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
                    return await RunAsync(client, i);
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
                while (clock.ShortTimersPending + client.ParkedWaits < Volatile.Read(ref unfinished) && !all.IsCompleted)
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

            var lost = outcomes.Count(o => o.Final is null);
            var wrongEnd = outcomes.Where(o => o.Final is not null && !service.EndedTruly(o.Index, o.Final)).Select(o => o.Index).ToArray();
            _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"logical submits:         {Tasks}"));
            _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"POSTs received:          {service.TotalPosts} ({service.RateLimited} answered 429 with Retry-After: 1)"));
            _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"status reads received:   {service.TotalReads}"));
            _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"faults injected:         {service.RateLimited + service.ReadFaults} ({service.RateLimited} submit 429s, {service.ReadFaults} status-read faults: {service.FaultBreakdown})"));
            _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"duplicate submits:       {service.DuplicateTasks}"));
            _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"tasks lost:              {lost + service.NeverCreated}"));
            _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrong terminal state:    {wrongEnd.Length}"));
            _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"completed / failed:      {outcomes.Count(o => o.Final?.Status == VideoTaskStatus.Completed)} / {outcomes.Count(o => o.Final?.Status == VideoTaskStatus.Failed)}"));
            _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"virtual time:            {(clock.GetUtcNow() - started).TotalSeconds} s in {iterations} steps; real time {stopwatch.ElapsedMilliseconds} ms"));
            foreach (var failure in outcomes.Where(o => o.Error is not null).Take(3))
            {
                _output.WriteLine($"task {failure.Index}: {failure.Error}");
            }

            Assert.Equal(0, lost);
            Assert.Equal(0, service.NeverCreated);
            Assert.Equal(0, service.DuplicateTasks);
            Assert.Empty(wrongEnd);
            for (var i = 0; i < Tasks; i++)
            {
                Assert.Equal(SimulatedService.IsRateLimitedOnce(i) ? 2 : 1, service.PostsFor(i));
                Assert.Equal(SimulatedService.TaskId(i), outcomes[i].SubmittedId);
            }

            Assert.Equal(Tasks + service.RateLimited, service.TotalPosts);
            Assert.Equal(Tasks / 7, service.RateLimited);
            Assert.True(service.ReadFaults > 100, "the run injected the faults it is meant to survive");
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"took {stopwatch.Elapsed}");
        }

        private static async Task<Outcome> RunAsync(KlingVideoClient client, int index)
        {
            try
            {
                var generation = await client.StartGenerationAsync(new VideoGenerationRequest("Bulk clip #" + index.ToString(CultureInfo.InvariantCulture)));
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

        /// <summary>
        /// A fake clock that counts the short timers (sleeps) started and not yet fired or dropped, so the driver can tell
        /// when every flow is asleep. Per-attempt and overall timeouts are longer than <c>shortest</c> and not counted, nor
        /// is the poll scheduler's one timer: it serves all parked waits, which the driver counts instead.
        /// </summary>
        private sealed class QuiescenceClock : TimeProvider
        {
            private readonly FakeTimeProvider _fake = new(new DateTimeOffset(2026, 1, 14, 8, 0, 0, TimeSpan.Zero));
            private readonly TimeSpan _shortest;
            private int _pending;

            public QuiescenceClock(TimeSpan shortest) => _shortest = shortest;

            public int ShortTimersPending => Volatile.Read(ref _pending);

            public override DateTimeOffset GetUtcNow() => _fake.GetUtcNow();

            public override long GetTimestamp() => _fake.GetTimestamp();

            public override long TimestampFrequency => _fake.TimestampFrequency;

            public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

            public void Advance(TimeSpan by) => _fake.Advance(by);

            public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
            {
                if (dueTime <= TimeSpan.Zero || dueTime > _shortest || period != Timeout.InfiniteTimeSpan || state is KlingO1.Polling.PollScheduler.Arming)
                {
                    return _fake.CreateTimer(callback, state, dueTime, period);
                }

                Interlocked.Increment(ref _pending);
                var tracked = new TrackedTimer(this);
                tracked.Inner = _fake.CreateTimer(
                    s =>
                    {
                        tracked.Settle();
                        callback(s);
                    },
                    state,
                    dueTime,
                    period);
                return tracked;
            }

            private sealed class TrackedTimer : ITimer
            {
                private readonly QuiescenceClock _owner;
                private int _settled;

                public TrackedTimer(QuiescenceClock owner) => _owner = owner;

                public ITimer? Inner { get; set; }

                public bool Change(TimeSpan dueTime, TimeSpan period) => Inner!.Change(dueTime, period);

                public void Dispose()
                {
                    Settle();
                    Inner!.Dispose();
                }

                public ValueTask DisposeAsync()
                {
                    Settle();
                    return Inner!.DisposeAsync();
                }

                public void Settle()
                {
                    if (Interlocked.Exchange(ref _settled, 1) == 0)
                    {
                        Interlocked.Decrement(ref _owner._pending);
                    }
                }
            }
        }

        /// <summary>
        /// The service in memory. Each task's fate is drawn up front from the seed (reads until it ends, whether it fails,
        /// which read attempts fail and how), so the figures do not depend on how the 200 flows interleave.
        /// </summary>
        private sealed class SimulatedService : HttpMessageHandler
        {
            private const int FaultSlots = 256;
            private static readonly int[] FaultStatuses = { 500, 502, 503, 504 };
            private readonly Plan[] _plans;
            private readonly int[] _posts;
            private readonly int[] _created;
            private readonly int[] _readAttempts;
            private readonly int[] _successfulReads;
            private readonly int[] _faultsByKind = new int[5];
            private readonly object _gate = new();

            public SimulatedService(int tasks, Random random)
            {
                _plans = new Plan[tasks];
                for (var i = 0; i < tasks; i++)
                {
                    var faults = new int[FaultSlots];
                    for (var j = 0; j < FaultSlots; j++)
                    {
                        faults[j] = random.NextDouble() < 0.3 ? random.Next(5) : -1;
                    }

                    _plans[i] = new Plan(ReadsToEnd: random.Next(1, 9), Fails: random.NextDouble() < 0.2, faults);
                }

                _posts = new int[tasks];
                _created = new int[tasks];
                _readAttempts = new int[tasks];
                _successfulReads = new int[tasks];
            }

            public int TotalPosts { get; private set; }

            public int TotalReads { get; private set; }

            public int RateLimited { get; private set; }

            public int ReadFaults { get; private set; }

            public int DuplicateTasks { get; private set; }

            public int NeverCreated
            {
                get
                {
                    lock (_gate)
                    {
                        return _created.Count(c => c == 0);
                    }
                }
            }

            public string FaultBreakdown
            {
                get
                {
                    lock (_gate)
                    {
                        return string.Join(", ", FaultStatuses.Select((s, k) => $"{s}: {_faultsByKind[k]}")) + $", connection reset: {_faultsByKind[4]}";
                    }
                }
            }

            public static string TaskId(int index) => "video_bulk_" + index.ToString("D3", CultureInfo.InvariantCulture);

            public static bool IsRateLimitedOnce(int index) => (index + 1) % 7 == 0;

            public int PostsFor(int index)
            {
                lock (_gate)
                {
                    return _posts[index];
                }
            }

            /// <summary>Tells whether <paramref name="final"/> is the task's true terminal state.</summary>
            public bool EndedTruly(int index, VideoTask final)
            {
                var plan = _plans[index];
                return final.Id == TaskId(index)
                    && final.Status == (plan.Fails ? VideoTaskStatus.Failed : VideoTaskStatus.Completed)
                    && (plan.Fails ? final.Error?.Code == "generation_failed" : final.VideoUrl == new Uri($"https://files.kling.test/{TaskId(index)}.mp4"));
            }

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var path = request.RequestUri!.AbsolutePath;
                if (request.Method == HttpMethod.Post && path == ScriptedHandler.Generations)
                {
                    var body = request.Content!.ReadAsStringAsync(cancellationToken).GetAwaiter().GetResult();
                    var prompt = (string)JsonNode.Parse(body)!["prompt"]!;
                    return Task.FromResult(Submit(int.Parse(prompt.Substring(prompt.IndexOf('#', StringComparison.Ordinal) + 1), CultureInfo.InvariantCulture)));
                }

                if (request.Method == HttpMethod.Get && path.StartsWith(ScriptedHandler.Generations + "/video_bulk_", StringComparison.Ordinal))
                {
                    return Task.FromResult(Read(int.Parse(path.Substring(path.LastIndexOf('_') + 1), CultureInfo.InvariantCulture)));
                }

                return Task.FromResult(Respond.Message(404, Respond.ErrorJson("not_found")));
            }

            private HttpResponseMessage Submit(int index)
            {
                lock (_gate)
                {
                    TotalPosts++;
                    _posts[index]++;
                    if (IsRateLimitedOnce(index) && _posts[index] == 1)
                    {
                        RateLimited++;
                        return Respond.Message(429, Respond.ErrorJson("rate_limit_exceeded", "Async task request rate exceeded"), retryAfter: "1");
                    }

                    if (++_created[index] > 1)
                    {
                        DuplicateTasks++;
                    }

                    return Respond.Message(200, Respond.TaskJson(TaskId(index), "queued"));
                }
            }

            private HttpResponseMessage Read(int index)
            {
                lock (_gate)
                {
                    TotalReads++;
                    var plan = _plans[index];
                    if (_created[index] == 0)
                    {
                        return Respond.Message(404, Respond.ErrorJson("404", "Task not found"));
                    }

                    var fault = plan.Faults[_readAttempts[index]++ % FaultSlots];
                    if (fault >= 0)
                    {
                        ReadFaults++;
                        _faultsByKind[fault]++;
                        return fault == 4
                            ? throw new HttpRequestException("Connection reset by peer (simulated)", new IOException("reset"))
                            : Respond.Message(FaultStatuses[fault], Respond.ErrorJson("upstream_error"));
                    }

                    var reads = ++_successfulReads[index];
                    if (reads < plan.ReadsToEnd)
                    {
                        return Respond.Message(200, Respond.TaskJson(TaskId(index), reads == 1 ? "queued" : "in_progress", (reads - 1) * 100 / plan.ReadsToEnd));
                    }

                    return Respond.Message(200, plan.Fails ? Respond.FailedJson(TaskId(index)) : Respond.CompletedJson(TaskId(index)));
                }
            }

            private sealed record Plan(int ReadsToEnd, bool Fails, int[] Faults);
        }
    }
}
