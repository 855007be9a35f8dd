using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Testing;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Readme
{
    /// <summary>
    /// The README's first examples of <see cref="VideoGenerationOperation"/>, run against the in-memory simulator on a
    /// fake clock that a background driver moves whenever the code waits; <see cref="ReadmeSnippetTests"/> fails when the
    /// README's text drifts from them.
    /// </summary>
    public sealed class GenerationOperationReadmeExampleTests : IDisposable
    {
        private readonly string _outputFolder = Directory.CreateTempSubdirectory("klingo1-readme-").FullName;

        public void Dispose() => Directory.Delete(_outputFolder, recursive: true);

        [Fact]
        public async Task StartWaitDownload_Runs()
        {
            var clock = new ManualClock();
            await using var simulator = KlingSimulator.CreateInMemory(new KlingSimulatorOptions { TimeProvider = clock });
            // The download's idle limit is longer than any sleep the driver moves time by, so the driver never trips it.
            var options = simulator.CreateClientOptions();
            options.Timeouts.DownloadIdle = VirtualTimeDriver.LongestPollInterval * 2;
            using var client = new KlingVideoClient(simulator.CreateHandler(), options, disposeHandler: true);
            var request = new VideoGenerationRequest("Golden hour city skyline, cinematic lens quality") { Mode = VideoMode.Professional };
            var outputFolder = _outputFolder;
            using var driver = VirtualTimeDriver.Start(clock);

            // README: README.md
            VideoGenerationOperation generation = await client.StartGenerationAsync(request);
            Console.WriteLine($"Started {generation.Id}");   // store Id, Mode and Duration: any process can resume it

            var progress = new Progress<VideoTask>(t => Console.WriteLine($"{t.Status} {t.Progress}%"));
            VideoTask video = await generation.WaitForCompletionAsync(progress);
            long bytes = await generation.DownloadVideoAsync(Path.Combine(outputFolder, "skyline.mp4"));
            // README end

            Assert.Equal(VideoTaskStatus.Completed, video.Status);
            Assert.Same(video, generation.Latest);
            Assert.True(generation.HasCompleted);
            Assert.Equal((VideoMode.Professional, VideoDuration.FiveSeconds), (generation.Mode!.Value, generation.Duration!.Value));
            Assert.Equal(KlingSimulator.VideoContent.Length, bytes);
            Assert.Equal(KlingSimulator.VideoContent.Length, new FileInfo(Path.Combine(outputFolder, "skyline.mp4")).Length);
            Assert.Single(simulator.Tasks);
        }

        [Fact]
        public async Task Resume_Runs()
        {
            var clock = new ManualClock();
            await using var simulator = KlingSimulator.CreateInMemory(new KlingSimulatorOptions { TimeProvider = clock });
            string storedId;
            VideoMode? storedMode;
            VideoDuration? storedDuration;
            using (var first = simulator.CreateClient())
            {
                var started = await first.StartGenerationAsync(new VideoGenerationRequest("A cat") { Duration = VideoDuration.TenSeconds });
                (storedId, storedMode, storedDuration) = (started.Id, started.Mode, started.Duration);
            }

            using var client = simulator.CreateClient();
            using var driver = VirtualTimeDriver.Start(clock);

            // README: README.md
            VideoGenerationOperation resumed = client.ResumeGeneration(storedId, storedMode, storedDuration);
            VideoTask finished = await resumed.WaitForCompletionAsync();
            // README end

            Assert.Equal((storedId, VideoTaskStatus.Completed), (finished.Id, finished.Status));
            Assert.Equal((VideoMode.Standard, VideoDuration.TenSeconds), (storedMode!.Value, storedDuration!.Value));
            Assert.Single(simulator.Tasks);
        }

        /// <summary>Moves the fake clock by each short timer the code starts, until disposed: the README's code runs unchanged.</summary>
        private sealed class VirtualTimeDriver : IDisposable
        {
            // The longest timer a wait arms: while the end is far, up to four longest intervals (issue 17).
            public static readonly TimeSpan LongestPollInterval = new KlingPollingOptions().MaxInterval * KlingO1.Polling.ProgressAwareSchedule.FarIntervals;
            private readonly CancellationTokenSource _stop = new();
            private readonly Task _loop;

            private VirtualTimeDriver(ManualClock clock) => _loop = Task.Run(() => DriveAsync(clock, _stop.Token));

            public static VirtualTimeDriver Start(ManualClock clock) => new(clock);

            public void Dispose()
            {
                _stop.Cancel();
                try
                {
                    _loop.GetAwaiter().GetResult();
                }
                catch (OperationCanceledException)
                {
                    // Stopped while waiting for the next timer: the example is over.
                }

                _stop.Dispose();
            }

            private static async Task DriveAsync(ManualClock clock, CancellationToken stop)
            {
                while (!stop.IsCancellationRequested)
                {
                    var due = await clock.NextTimerAsync(LongestPollInterval).WaitAsync(stop);
                    clock.Advance(due);
                }
            }
        }
    }
}
