using System.Diagnostics;
using System.Globalization;
using System.Text;
using KlingO1.Service.Tests.Fixtures;
using KlingO1.Testing;
using Xunit.Abstractions;

namespace KlingO1.Service.Tests.Fleet
{
    /// <summary>
    /// Two instances on one PostgreSQL database and one account (the simulator, default tier): 200 jobs posted to both,
    /// one instance SIGKILLed when about half are done. The survivor finishes every job, no task is submitted twice, the
    /// fleet's combined status reads stay under the account's cap in every second, and each webhook event is processed
    /// once, whichever instance it reached through the front.
    /// </summary>
    [Collection(PostgresCollection.Name)]
    public sealed class FleetTests
    {
        private const int JobCount = 200;
        private const int ReadBudgetPerSecond = 40;
        private static readonly TimeSpan FleetBound = TimeSpan.FromMinutes(4);
        private readonly PostgresServer _postgres;
        private readonly ITestOutputHelper _output;

        public FleetTests(PostgresServer postgres, ITestOutputHelper output)
        {
            _postgres = postgres;
            _output = output;
        }

        [Fact]
        public async Task TwoInstancesOnOneDatabase_OneKilledHalfway_FinishEveryJobOnceUnderTheAccountsReadCap()
        {
            if (!Prerequisites.Met(_postgres.Missing, _output))
            {
                return;
            }

            var database = await _postgres.CreateDatabaseAsync("fleet");
            var limits = SimulatorRateLimits.DefaultTier;

            // About 10 s a clip: at 4 submits a second some 40 tasks are in flight, polled each second — more reads than
            // the budget allows, so the fleet's limiter is what keeps the account under its cap.
            await ServiceScene.RunAsync(_output, new SceneOptions { TimeScale = 7, RateLimits = limits }, async scene =>
            {
                var settings = scene.Settings("PostgreSql", database);
                settings.Extra["RateLimits:StatusReadsPerSecond"] = ReadBudgetPerSecond.ToString(CultureInfo.InvariantCulture);
                settings.Extra["RateLimits:SubmitsPerSecond"] = "4";
                settings.Extra["Jobs:Workers"] = "30";
                settings.Extra["Jobs:LeaseSeconds"] = "6";
                settings.Extra["Jobs:InvisibilitySeconds"] = "10";
                settings.Extra["Logging:LogLevel:Hangfire"] = "Warning";
                var instances = await Task.WhenAll(scene.StartServiceAsync("fleet-a", settings), scene.StartServiceAsync("fleet-b", settings));
                var (survivor, victim) = (instances[0], instances[1]);

                var clock = Stopwatch.StartNew();
                var ids = await PostJobsAsync(instances);
                Assert.Equal(JobCount, ids.Distinct().Count());

                await Eventually.UntilAsync(
                    "half the jobs to complete", () => survivor.Api.ListJobsAsync(), jobs => jobs.Count(j => j.State == "completed") >= JobCount / 2,
                    FleetBound, TimeSpan.FromMilliseconds(250), Summary);
                await victim.KillAsync();
                var atKill = await survivor.Api.ListJobsAsync();
                _output.WriteLine($"fleet-b killed at {clock.Elapsed.TotalSeconds:F1} s: {Summary(atKill)}");

                var finished = await Eventually.UntilAsync(
                    "every job to finish on the survivor", () => survivor.Api.ListJobsAsync(), jobs => jobs.Count(j => j.IsFinished) == JobCount,
                    FleetBound, TimeSpan.FromMilliseconds(500), Summary);
                var seconds = clock.Elapsed.TotalSeconds;

                // Every job completed, on the task of its own business id, and that task is the only one for it.
                Assert.All(finished, job => Assert.True(job.State == "completed", $"not completed: {job}"));
                Assert.Equal(ids.Order(), finished.Select(j => j.Id).Order());
                var tasks = scene.Simulator.Tasks;
                var tasksByJob = tasks.GroupBy(t => t.ClientBusinessId ?? string.Empty).ToDictionary(g => g.Key, g => g.ToList());
                Assert.All(finished, job => Assert.Equal(job.TaskId, Assert.Single(tasksByJob[job.Id]).Id));
                Assert.Equal(JobCount, tasks.Count);
                var submits = SimulatorFigures.AcceptedSubmits(scene.Simulator);
                Assert.Equal(JobCount, submits);

                // The videos are in the shared folder, whichever instance saved them.
                foreach (var job in finished)
                {
                    var video = await survivor.Api.GetVideoAsync(job.Id);
                    Assert.Equal("ftyp", Encoding.ASCII.GetString(video, 4, 4));
                }

                // The account's status-read cap held in every second, for both instances together.
                var cap = SimulatorFigures.ReadCapPerSecond(limits);
                var (maxReads, busiest) = SimulatorFigures.MostStatusReadsInASecond(scene.Simulator);
                var series = "status reads in each second: " + string.Join(' ', SimulatorFigures.StatusReadsPerSecond(scene.Simulator));
                _output.WriteLine(series);
                Assert.True(maxReads <= cap, $"{maxReads} status reads in the second {busiest}, above the account's cap of {cap}; {series}");
                Assert.Equal(0, SimulatorFigures.RateLimited(scene.Simulator, reads: true));

                // Each task's final event reached a live instance and was accepted once; the replay store holds each once.
                var front = scene.Front!;
                await Eventually.UntilAsync(
                    "every task's event to be accepted by an instance", () => Task.FromResult(front.AcceptedPerEvent.Count >= JobCount), TimeSpan.FromSeconds(60));
                Assert.All(front.AcceptedPerEvent, pair => Assert.True(pair.Value == 1, $"event {pair.Key} was answered 2xx {pair.Value} times"));
                Assert.All(scene.Simulator.Webhooks.Events, e => Assert.Single(scene.Simulator.Webhooks.Deliveries, d => d.EventId == e.Id && d.Succeeded));
                var processed = await JobTables.ProcessedWebhookEventsAsync(database);
                var finishedByWebhook = await JobTables.JobsFinishedByWebhookAsync(database);
                Assert.Equal(front.AcceptedPerEvent.Count, processed);
                Assert.Equal(finished.Count(j => j.FinishedBy == "webhook"), finishedByWebhook);
                Assert.InRange(finishedByWebhook, 0, processed);

                _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"fleet: jobs={JobCount} submits={submits} tasks={tasks.Count} maxReadsInASecond={maxReads} cap={cap} webhooksDelivered={front.Accepted} webhooksProcessed={processed} seconds={seconds:F0}"));
                _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"fleet detail: finishedByWebhook={finishedByWebhook} finishedByPolling={finished.Count(j => j.FinishedBy == "polling")} "
                    + $"unfinishedAtKill={atKill.Count(j => !j.IsFinished)} readBudget={ReadBudgetPerSecond} submits429={SimulatorFigures.RateLimited(scene.Simulator, reads: false)} "
                    + $"webhookAttemptsOnDeadInstance={front.Unreachable} webhooksRefused={front.Refused}"));
            });
        }

        /// <summary>Posts the jobs alternately to the instances, a few at a time, as a load balancer spreads callers.</summary>
        private static async Task<List<string>> PostJobsAsync(IReadOnlyList<ServiceProcess> instances)
        {
            var ids = new List<string>();
            for (var batch = 0; batch < JobCount; batch += 10)
            {
                var posts = Enumerable.Range(batch, Math.Min(10, JobCount - batch))
                    .Select(n => instances[n % instances.Count].Api.PostVideoAsync($"Fleet clip {n}: a paper boat on a river"));
                ids.AddRange((await Task.WhenAll(posts)).Select(job => job.Id));
            }

            return ids;
        }

        private static string Summary(IReadOnlyList<JobView> jobs)
            => string.Join(", ", jobs.GroupBy(j => j.State).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}"));
    }
}
