using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using KlingO1.WebApi.Hosting;
using Microsoft.Extensions.Configuration;
using KlingO1.Testing;
using KlingO1.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace KlingO1.Tests.Samples
{
    /// <summary>
    /// Issue 19 review: the WebApi sample where a caller, an operator or a load balancer could make it lose or bill a
    /// job, fill its disk or memory, or lock everyone out. Each test fails without its fix.
    /// </summary>
    [Trait("Category", "EndToEnd")]
    public sealed class WebApiReviewTests : IDisposable
    {
        private readonly ManualClock _clock = new(DateTimeOffset.UtcNow);
        private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("kling-webapi-review-");

        public void Dispose() => _folder.Delete(recursive: true);

        [Fact]
        public async Task OrphanSweep_AJobThatLostItsRun_IsRunByTheNextSweepNotTheNextStart()
        {
            await using var simulator = await StartSimulatorAsync();
            await using var service = await WebApiService.StartAsync(simulator, _folder.FullName, "one", WebApiService.FastPolling);
            var done = (await service.PostAsync("{\"prompt\":\"A cat playing piano\"}"))["id"]!.GetValue<string>();
            await service.UntilAsync(done, j => j["state"]!.GetValue<string>() == "submitted");
            _clock.Advance(TimeSpan.FromMinutes(5));
            await service.UntilAsync(done, j => j["state"]!.GetValue<string>() == "completed");

            // A row whose run was never stored (its instance died between the insert and the enqueue), long untouched.
            const string orphan = "0123456789abcdef0123456789abcdef";
            await ExecuteAsync("INSERT INTO video_jobs (id, prompt, mode, duration, state, task_id, progress, error, finished_by, created_at, updated_at, lease_owner, lease_until) "
                + "SELECT '" + orphan + "', prompt, mode, duration, 'queued', NULL, 0, NULL, NULL, '2026-01-01T00:00:00.0000000Z', '2026-01-01T00:00:00.0000000Z', NULL, NULL "
                + "FROM video_jobs WHERE id = '" + done + "'");
            var sweep = service.Services.GetRequiredService<KlingO1.WebApi.Jobs.OrphanedJobsSweep>();
            using (var storage = service.Services.GetRequiredService<Hangfire.JobStorage>().GetConnection())
            {
                // Registered at start, every minute.
                Assert.Contains(Hangfire.Storage.StorageConnectionExtensions.GetRecurringJobs(storage), r => r.Id == KlingO1.WebApi.Jobs.OrphanedJobsSweep.RecurringJobId && r.Cron == "* * * * *");
            }

            Assert.Equal(1, await sweep.SweepAsync(default));
            await service.UntilAsync(orphan, j => j["state"]!.GetValue<string>() == "submitted");
            _clock.Advance(TimeSpan.FromMinutes(5));
            await service.UntilAsync(orphan, j => j["state"]!.GetValue<string>() == "completed");

            Assert.Equal(0, await sweep.SweepAsync(default));
            Assert.Single(simulator.Tasks, t => t.ClientBusinessId == orphan);
        }

        [Fact]
        public async Task PostVideo_BodyFarBeyondAnyPrompt_413BeforeAnyJobIsWritten()
        {
            await using var simulator = await StartSimulatorAsync();
            await using var service = await WebApiService.StartAsync(simulator, _folder.FullName, "one");

            using var huge = await service.Http.PostAsync("/videos", Json("{\"prompt\":\"" + new string('a', KlingO1.WebApi.Endpoints.VideoEndpoints.MaxCreateBodyBytes) + "\"}"));

            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
            Assert.Empty(JsonNode.Parse(await service.Http.GetStringAsync("/videos"))!["jobs"]!.AsArray());
        }

        [Fact]
        public void Settings_TwoProcessesGivenOneInstanceName_HoldLeasesAsTwoOwners()
        {
            // A copied configuration: if both counted as one lease owner, each would take a job the other runs, and submit it.
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(new System.Collections.Generic.Dictionary<string, string?> { ["Service:InstanceName"] = "api-1" })
                .Build();

            var first = ServiceSettings.Read(configuration, _folder.FullName);
            var second = ServiceSettings.Read(configuration, _folder.FullName);

            Assert.Equal("api-1", first.InstanceName);
            Assert.StartsWith("api-1#", first.LeaseOwner, StringComparison.Ordinal);
            Assert.NotEqual(first.LeaseOwner, second.LeaseOwner);
        }

        [Fact]
        public async Task PostVideo_EnqueueFails_503AndTheJobIsFailed_SoNoLaterStartSubmitsIt()
        {
            await using var simulator = await StartSimulatorAsync();
            string ghost;
            await using (var service = await WebApiService.StartAsync(simulator, _folder.FullName, "one"))
            {
                // Hangfire's storage refuses the run (its Job table), while our jobs table still takes the row.
                await ExecuteAsync("CREATE TRIGGER refuse_enqueue BEFORE INSERT ON Job BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;");
                using var refused = await service.Http.PostAsync("/videos", Json("{\"prompt\":\"A ghost job\"}"));
                await ExecuteAsync("DROP TRIGGER refuse_enqueue;");

                Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
                var jobs = JsonNode.Parse(await service.Http.GetStringAsync("/videos"))!["jobs"]!.AsArray();
                var job = Assert.Single(jobs)!;
                ghost = job["id"]!.GetValue<string>();
                Assert.Equal("failed", job["state"]!.GetValue<string>());
            }

            // The restart queues every unfinished job: the refused one must not be among them.
            await using var restarted = await WebApiService.StartAsync(simulator, _folder.FullName, "one", WebApiService.FastPolling);
            var id = (await restarted.PostAsync("{\"prompt\":\"A real job\"}"))["id"]!.GetValue<string>();
            await restarted.UntilAsync(id, j => j["state"]!.GetValue<string>() == "submitted");

            Assert.Equal(id, Assert.Single(simulator.Tasks).ClientBusinessId);
            Assert.Equal("failed", JsonNode.Parse(await restarted.Http.GetStringAsync("/videos/" + ghost))!["state"]!.GetValue<string>());
        }

        [Fact]
        public async Task Webhook_CompletedEventForAFailedJob_AcknowledgedWithoutDownloadingAVideoNobodyServes()
        {
            await using var simulator = await StartSimulatorAsync();
            await using var service = await WebApiService.StartAsync(simulator, _folder.FullName, "one", WebApiService.FastPolling);
            var id = (await service.PostAsync("{\"prompt\":\"[fail] A cat\"}"))["id"]!.GetValue<string>();
            var taskId = (await service.UntilAsync(id, j => j["state"]!.GetValue<string>() == "submitted"))["taskId"]!.GetValue<string>();
            _clock.Advance(TimeSpan.FromMinutes(5));
            await service.UntilAsync(id, j => j["state"]!.GetValue<string>() == "failed");

            using var delivered = await new SignedWebhook(simulator, taskId, id).PostAsync(service, WebApiService.WebhookSecret);

            Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
            Assert.Equal("failed", JsonNode.Parse(await service.Http.GetStringAsync("/videos/" + id))!["state"]!.GetValue<string>());
            Assert.False(File.Exists(Path.Combine(_folder.FullName, "videos", id + ".mp4")));
        }

        [Theory]
        [InlineData(" service-key")]
        [InlineData("service-key ")]
        [InlineData("service key")]
        [InlineData("clé-du-service")]
        public async Task Start_ServiceKeyNoClientCanSend_RefusedWithAClearMessage(string key)
        {
            await using var simulator = await StartSimulatorAsync();

            var refused = await Assert.ThrowsAsync<InvalidOperationException>(
                () => WebApiService.StartAsync(simulator, _folder.FullName, "one", "--Service:ApiKey=" + key));

            Assert.Contains("Service:ApiKey", refused.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(key.Trim(), refused.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Health_Head_AnsweredWithoutTheKey()
        {
            await using var simulator = await StartSimulatorAsync();
            await using var service = await WebApiService.StartAsync(simulator, _folder.FullName, "one");

            using var head = await service.Anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/health"));

            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        }

        [Fact]
        public async Task Page_RevokesTheBlobUrlsOfJobsThatLeftTheList()
        {
            await using var simulator = await StartSimulatorAsync();
            await using var service = await WebApiService.StartAsync(simulator, _folder.FullName, "one");

            // No browser in this project (the service tests drive one): the page's script must give its blobs back.
            var script = await service.Anonymous.GetStringAsync("/app.js");

            Assert.Contains("URL.revokeObjectURL(", script, StringComparison.Ordinal);
            Assert.Contains("item.remove()", script, StringComparison.Ordinal);
            Assert.DoesNotContain("innerHTML", script, StringComparison.Ordinal);
        }

        private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

        private async Task ExecuteAsync(string sql)
        {
            await using var connection = new SqliteConnection("Data Source=" + Path.Combine(_folder.FullName, "jobs.db"));
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }

        private Task<KlingSimulator> StartSimulatorAsync() => KlingSimulator.StartAsync(new KlingSimulatorOptions { TimeProvider = _clock });
    }
}
