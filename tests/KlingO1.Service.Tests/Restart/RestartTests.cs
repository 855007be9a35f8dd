using System.Text;
using KlingO1.Service.Tests.Fixtures;
using KlingO1.Testing;
using Xunit.Abstractions;

namespace KlingO1.Service.Tests.Restart
{
    /// <summary>
    /// A crash mid-wait loses nothing and pays for nothing twice: the job's row and its task id are in the SQLite file,
    /// so an instance started again on that file takes the job over (once the dead one's lease ends) and finishes the
    /// same task. The simulator runs in the test process, so the task goes on while no service is alive.
    /// </summary>
    public sealed class RestartTests
    {
        private static readonly TimeSpan JobBound = TimeSpan.FromSeconds(90);
        private readonly ITestOutputHelper _output;

        public RestartTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public Task KilledMidWait_StartedAgainOnTheSameFile_FinishesTheSameTaskWithoutASecondSubmit()
            // A 5-second clip takes about 9 s at this speed: long enough to kill the service between a first progress and the end.
            => ServiceScene.RunAsync(_output, new SceneOptions { TimeScale = 8 }, async scene =>
            {
                var settings = scene.SqliteSettings();

                // Short, so the test does not wait out a production-length lease of the dead instance (on SQLite the
                // restart queues every unfinished job again; Jobs:InvisibilitySeconds applies to PostgreSQL only).
                settings.Extra["Jobs:LeaseSeconds"] = "3";

                var first = await scene.StartServiceAsync("restart-1", settings);
                var job = await first.Api.PostVideoAsync("A lighthouse in a storm, the service killed halfway");
                Assert.Equal("queued", job.State);
                Assert.Matches("^[0-9a-f]{32}$", job.Id);

                // Partway: submitted, and a measured progress saved. (Not a fixed percentage: the SDK reads the status
                // when its schedule expects a change, so the saved progress may jump from 36% to done.)
                var partway = await Eventually.UntilAsync(
                    "the job to be submitted and partway done",
                    () => first.Api.GetJobAsync(job.Id),
                    seen => seen is { State: "submitted", Progress: > 0, TaskId: not null } || seen is { IsFinished: true },
                    JobBound);
                Assert.True(partway!.State == "submitted", $"the job finished before the kill: {partway}");

                await first.KillAsync();
                var task = Assert.Single(scene.Simulator.Tasks);
                Assert.Equal(job.Id, task.ClientBusinessId);
                Assert.Equal(partway.TaskId, task.Id);

                var second = await scene.StartServiceAsync("restart-2", settings);
                var afterRestart = await second.Api.GetJobAsync(job.Id);
                Assert.Equal(partway.TaskId, afterRestart?.TaskId);

                var done = await Eventually.UntilAsync(
                    "the job to finish on the restarted instance", () => second.Api.GetJobAsync(job.Id), seen => seen is { IsFinished: true }, JobBound);
                Assert.True(done!.State == "completed", $"not completed: {done}");
                Assert.Equal(partway.TaskId, done.TaskId);
                Assert.Equal(100, done.Progress);
                Assert.Equal($"/videos/{job.Id}/video", done.VideoUrl);

                // No second submit: one task for the job's business id, one accepted submit request in all.
                Assert.Single(scene.Simulator.Tasks);
                Assert.Equal(1, scene.Simulator.Requests.Count(r => r.Method == "POST" && r.Path == "/v1/videos/generations" && r.StatusCode is >= 200 and < 300));

                var video = await second.Api.GetVideoAsync(job.Id);
                Assert.Equal("ftyp", Encoding.ASCII.GetString(video, 4, 4));
                Assert.Equal(KlingSimulator.VideoContent.ToArray(), video);
                // SIGTERM, unlike the kill, is a graceful stop: the service ends by itself, with exit code 0.
                second.Terminate();
                Assert.True(await second.WaitForExitAsync(TimeSpan.FromSeconds(30)), "restart-2 still runs 30 s after SIGTERM");
                Assert.Equal(0, second.ExitCode);
                _output.WriteLine($"restart: killed at {partway.Progress}%, task {done.TaskId} finished by {done.FinishedBy} on restart-2, {video.Length} bytes of MP4");
            });
    }
}
