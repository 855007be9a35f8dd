using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests
{
    /// <summary>
    /// <see cref="VideoGenerationOperation"/>: the id at once, the latest snapshot kept, waits that expect the request's
    /// running time (also after a resume), and one rule for a failed task (a wait throws, a read reports).
    /// </summary>
    public sealed class VideoGenerationOperationTests : IClassFixture<KlingServerFixture>
    {
        private const string TaskId = "video_operation_1";
        private static readonly TimeSpan LongestInterval = new KlingPollingOptions().MaxInterval;
        private readonly KlingServerFixture _server;
        private readonly ManualClock _clock = new();

        public VideoGenerationOperationTests(KlingServerFixture server)
        {
            _server = server;
            _server.Reset();
        }

        [Fact]
        public async Task Start_ReturnsTheTaskIdAndTheQueuedSnapshot_WithTheModeAndLengthTheServiceWillUse()
        {
            _server.RespondToSubmit(200, Task("queued", 0));
            using var client = _server.Client(_clock);

            var unset = await client.StartGenerationAsync(new VideoGenerationRequest("A cat"));
            var set = await client.StartGenerationAsync(new VideoGenerationRequest("A cat") { Mode = VideoMode.Professional, Duration = VideoDuration.TenSeconds });

            Assert.Equal(TaskId, unset.Id);
            Assert.Equal(VideoTaskStatus.Queued, unset.Latest!.Status);
            Assert.False(unset.HasCompleted);
            Assert.Equal((VideoMode.Standard, VideoDuration.FiveSeconds), (unset.Mode!.Value, unset.Duration!.Value));
            Assert.Equal((VideoMode.Professional, VideoDuration.TenSeconds), (set.Mode!.Value, set.Duration!.Value));
            Assert.Equal(0, Reads());
        }

        [Fact]
        public async Task Wait_AfterStart_StartsFromTheSubmitsSnapshot_KeepsEachSnapshotAsLatest()
        {
            _server.RespondToSubmit(200, Task("queued", 0));
            _server.RespondToGetInSequence(TaskId, Task("in_progress", 60), Completed());
            using var client = _server.Client(_clock);
            var progress = new RecordingProgress();
            var seenAsLatest = new List<string>();
            var generation = await client.StartGenerationAsync(new VideoGenerationRequest("A cat"));

            var wait = generation.WaitForCompletionAsync(new Progress(t => seenAsLatest.Add(generation.Latest!.Status.Value), progress));
            var slept = await _clock.DriveAsync(wait, LongestInterval);
            var video = await wait;

            // The same wait as GenerateAsync's: no read at once (the submit's answer is the first snapshot), then the schedule.
            Assert.Equal(new[] { 5d, 10d }, slept.Select(s => s.TotalSeconds));
            Assert.Equal(new[] { "queued", "in_progress", "completed" }, progress.Reports.Select(r => r.Status.Value));
            Assert.Equal(new[] { "queued", "in_progress", "completed" }, seenAsLatest);
            Assert.Same(video, generation.Latest);
            Assert.True(generation.HasCompleted);
            Assert.Equal(2, Reads());
        }

        [Fact]
        public async Task Wait_WhenLatestIsCompleted_ReturnsItWithoutReading()
        {
            _server.RespondToGet(TaskId, 200, Completed());
            using var client = _server.Client(_clock);
            var generation = client.ResumeGeneration(TaskId);
            await generation.UpdateAsync();

            var again = await generation.WaitForCompletionAsync();

            Assert.Same(generation.Latest, again);
            Assert.Equal(1, Reads());
        }

        [Fact]
        public async Task Wait_TaskFails_ThrowsTheFailedTask_AndKeepsItAsLatest()
        {
            _server.RespondToSubmit(200, Task("queued", 0));
            _server.RespondToGet(TaskId, 200, Failed());
            using var client = _server.Client(_clock);
            var generation = await client.StartGenerationAsync(new VideoGenerationRequest("A cat"));

            var wait = generation.WaitForCompletionAsync();
            await _clock.DriveAsync(wait, LongestInterval);
            var failed = await Assert.ThrowsAsync<VideoTaskFailedException>(() => wait);

            Assert.Equal((TaskId, "generation_failed"), (failed.TaskId, failed.ErrorCode));
            Assert.Equal(VideoTaskStatus.Failed, generation.Latest!.Status);
            Assert.True(generation.HasCompleted);

            // Once failed, a wait (or a download) throws again at once, without another read.
            await Assert.ThrowsAsync<VideoTaskFailedException>(() => generation.WaitForCompletionAsync());
            await Assert.ThrowsAsync<VideoTaskFailedException>(() => generation.DownloadVideoAsync(new MemoryStream()));
            Assert.Equal(1, Reads());
        }

        [Fact]
        public async Task ReadsOfAFailedTask_ReportItWithoutThrowing()
        {
            _server.RespondToGet(TaskId, 200, Failed());
            using var client = _server.Client(_clock);
            var generation = client.ResumeGeneration(TaskId);

            var updated = await generation.UpdateAsync();
            var watched = new List<VideoTask>();
            await foreach (var snapshot in client.ResumeGeneration(TaskId).WatchAsync())
            {
                watched.Add(snapshot);
            }

            Assert.Equal(VideoTaskStatus.Failed, updated.Status);
            Assert.Same(updated, generation.Latest);
            Assert.Equal(VideoTaskStatus.Failed, Assert.Single(watched).Status);
        }

        [Fact]
        public async Task Watch_KeepsEachSnapshotAsLatest()
        {
            _server.RespondToGetInSequence(TaskId, Task("in_progress", 40), Completed());
            using var client = _server.Client(_clock);
            var generation = client.ResumeGeneration(TaskId);
            var latestWhenYielded = new List<VideoTask?>();

            var watch = System.Threading.Tasks.Task.Run(async () =>
            {
                await foreach (var snapshot in generation.WatchAsync())
                {
                    latestWhenYielded.Add(ReferenceEquals(snapshot, generation.Latest) ? snapshot : null);
                }
            });
            await _clock.DriveAsync(watch, LongestInterval);
            await watch;

            Assert.Equal(new[] { "in_progress", "completed" }, latestWhenYielded.Select(t => t!.Status.Value));
            Assert.True(generation.HasCompleted);
        }

        [Fact]
        public async Task Resume_WithTheRequestsModeAndLength_WaitsAsTheStartedOperationDid()
        {
            var queuedThenDone = Enumerable.Repeat(Task("queued", 0), 4).Append(Completed()).ToArray();

            var bare = await SleepsOfResumedWaitAsync(queuedThenDone, mode: null, duration: null);
            var withPrior = await SleepsOfResumedWaitAsync(queuedThenDone, VideoMode.Professional, VideoDuration.TenSeconds);

            // Queued, a task of pro 10 s is far from its soonest end: the resumed wait knows it and reads less often.
            Assert.Equal(5, bare.Length + 1);
            Assert.NotEqual(bare, withPrior);
            Assert.True(withPrior.Take(withPrior.Length - 1).Sum() > bare.Take(bare.Length - 1).Sum(), $"with the prior {string.Join(", ", withPrior)}; bare {string.Join(", ", bare)}");
        }

        [Fact]
        public async Task Resume_ByBusinessId_WaitsForTheTaskItNames()
        {
            var clock = new ManualClock();
            await using var simulator = KlingO1.Testing.KlingSimulator.CreateInMemory(new KlingO1.Testing.KlingSimulatorOptions { TimeProvider = clock });
            using var client = simulator.CreateClient();
            var started = await client.StartGenerationAsync(new VideoGenerationRequest("A cat") { ClientBusinessId = "order-7" });

            var resumed = client.ResumeGeneration("order-7", started.Mode, started.Duration);
            var wait = resumed.WaitForCompletionAsync();
            await clock.DriveAsync(wait, LongestInterval * KlingO1.Polling.ProgressAwareSchedule.FarIntervals);
            var finished = await wait;

            Assert.Equal((started.Id, "order-7"), (finished.Id, finished.ClientBusinessId));
            Assert.Same(finished, resumed.Latest);
        }

        [Fact]
        public async Task Latest_AnEndedTask_IsNotReplacedByAnOlderSnapshotThatArrivesLater()
        {
            // The second answer plays a read that was under way when another call already saw the end.
            _server.RespondToGetInSequence(TaskId, Completed(), Task("in_progress", 90));
            using var client = _server.Client(_clock);
            var generation = client.ResumeGeneration(TaskId);

            var ended = await generation.UpdateAsync();
            var stale = await generation.UpdateAsync();

            Assert.Equal(VideoTaskStatus.InProgress, stale.Status);    // the read reports what it got
            Assert.Same(ended, generation.Latest);                     // the operation stays ended
            Assert.True(generation.HasCompleted);
        }

        [Fact]
        public async Task Resume_ReadsNothingUntilUsed_AndSaysSo()
        {
            using var client = _server.Client(_clock);

            var generation = client.ResumeGeneration(TaskId, VideoMode.Standard, VideoDuration.FiveSeconds);

            Assert.Null(generation.Latest);
            Assert.False(generation.HasCompleted);
            Assert.Equal(TaskId + " (not read yet)", generation.ToString());
            Assert.DoesNotContain(KlingServerFixture.ApiKey, generation.ToString(), StringComparison.Ordinal);
            Assert.Equal(0, Reads());
        }

        [Theory]
        [InlineData("")]
        [InlineData("  ")]
        [InlineData("..")]
        public void Resume_UnusableId_IsRefusedAtTheCall(string taskId)
        {
            using var client = _server.Client(_clock);

            Assert.Throws<ArgumentException>(() => client.ResumeGeneration(taskId));
        }

        [Fact]
        public void Resume_OnADisposedClient_IsRefused()
        {
            var client = _server.Client(_clock);
            client.Dispose();

            Assert.Throws<ObjectDisposedException>(() => client.ResumeGeneration(TaskId));
        }

        private async Task<double[]> SleepsOfResumedWaitAsync(string[] script, VideoMode? mode, VideoDuration? duration)
        {
            _server.Reset();
            _server.RespondToGetInSequence(TaskId, script);

            // The default, progress-aware schedule: the one that uses what a request says about its running time.
            // A clock of its own: timers another run started must not be taken for this one's.
            var clock = new ManualClock();
            using var client = _server.Client(clock, o => o.Polling = new KlingPollingOptions());
            var wait = client.ResumeGeneration(TaskId, mode, duration).WaitForCompletionAsync();
            var slept = await clock.DriveAsync(wait, TimeSpan.FromMinutes(1));
            await wait;
            return slept.Select(s => s.TotalSeconds).ToArray();
        }

        private int Reads() => _server.Received().Count(e => e.RequestMessage!.Method == "GET");

        private static string Task(string status, int progress) => Respond.TaskJson(TaskId, status, progress);

        private static string Completed() => Respond.CompletedJson(TaskId);

        private static string Failed() => Respond.FailedJson(TaskId);

        /// <summary>Calls a check on each report, then records it.</summary>
        private sealed class Progress : IProgress<VideoTask>
        {
            private readonly Action<VideoTask> _check;
            private readonly RecordingProgress _inner;

            public Progress(Action<VideoTask> check, RecordingProgress inner)
            {
                _check = check;
                _inner = inner;
            }

            public void Report(VideoTask value)
            {
                _check(value);
                _inner.Report(value);
            }
        }
    }
}
