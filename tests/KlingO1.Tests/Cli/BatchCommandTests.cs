using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Cli;
using KlingO1.Cli.Batch;
using KlingO1.Cli.Requests;
using KlingO1.Testing;
using static KlingO1.Tests.Cli.CliHarness;

namespace KlingO1.Tests.Cli
{
    /// <summary>
    /// `kling batch` on a simulator and a fake clock: every item saved, per-item options sent, and an interrupted batch
    /// resumed from its journal with no submit sent twice, counted on the simulator's own task list.
    /// </summary>
    public sealed class BatchCommandTests
    {
        private static readonly string[] SixPrompts =
        {
            "A cat playing piano", "A dog surfing", "A fox in the snow", "An owl at night", "A whale breaching", "A horse on a beach",
        };

        [Fact]
        public async Task Batch_OnASimulator_SavesEveryItemWithItsOwnOptions()
        {
            await using var batch = await BatchFixture.StartAsync(
                "# the first line is a comment, the second blank",
                string.Empty,
                "A cat playing piano",
                """{"prompt": "A dog surfing", "mode": "pro", "duration": 7, "aspect": "9:16", "out": "dog.mp4"}""",
                "A fox in the snow");

            var run = await batch.BatchAsync("--parallel", "2");

            Assert.True(run.ExitCode == KlingCli.Ok, run.Error);
            Assert.Equal(new[] { "001-a-cat-playing-piano.mp4", "003-a-fox-in-the-snow.mp4", "dog.mp4" }, batch.Videos());
            Assert.All(batch.Videos(), name => Assert.Equal(KlingSimulator.VideoContent.ToArray(), File.ReadAllBytes(batch.PathOf(name))));
            Assert.Equal(3, batch.Simulator.Tasks.Count);
            var dog = batch.Simulator.Tasks.Single(t => t.Prompt == "A dog surfing");
            Assert.Equal(("pro", 7, "9:16"), (dog.Mode, dog.DurationSeconds, dog.AspectRatio));
            var cat = batch.Simulator.Tasks.Single(t => t.Prompt == "A cat playing piano");
            Assert.Equal(("std", 5, null), (cat.Mode, cat.DurationSeconds, cat.AspectRatio));
            Assert.All(batch.BusinessIds, id => Assert.StartsWith("kling-", id, StringComparison.Ordinal));
            Assert.Contains("Batch: 3 items: 3 saved. Journal: " + batch.Journal, run.Output, StringComparison.Ordinal);
            Assert.Contains("[2/3] submitted video_sim_", run.Error, StringComparison.Ordinal);
            Assert.Contains("[2/3] saved " + batch.PathOf("dog.mp4"), run.Error, StringComparison.Ordinal);
            AssertSpeaksCli(run);
        }

        [Fact]
        public async Task Batch_DefaultsFromOptions_ApplyToPlainLinesAndToJsonLinesWithoutTheirOwn()
        {
            await using var batch = await BatchFixture.StartAsync("A cat", """{"prompt": "A dog", "mode": "std"}""");

            var run = await batch.BatchAsync("--mode", "pro", "-d", "10", "-a", "1:1");

            Assert.True(run.ExitCode == KlingCli.Ok, run.Error);
            Assert.Equal(("pro", 10, "1:1"), batch.Simulator.Tasks.Where(t => t.Prompt == "A cat").Select(t => (t.Mode, t.DurationSeconds, t.AspectRatio)).Single());
            Assert.Equal(("std", 10, "1:1"), batch.Simulator.Tasks.Where(t => t.Prompt == "A dog").Select(t => (t.Mode, t.DurationSeconds, t.AspectRatio)).Single());
        }

        [Fact]
        public async Task Batch_InterruptedMidway_ResumesFromItsJournalWithNoDuplicateSubmit()
        {
            await using var batch = await BatchFixture.StartAsync(SixPrompts);

            // Ctrl+C once the third task is submitted: some items are saved, some submitted and running, some not sent.
            var interrupted = await batch.BatchInterruptedAfterSubmitOfAsync("video_sim_000003", "--parallel", "2");
            var submittedBefore = batch.Simulator.Tasks.Count;
            var videosBefore = batch.Videos().Length;

            var resumed = await batch.BatchAsync("--parallel", "2");

            Assert.True(interrupted.ExitCode == KlingCli.Cancelled, interrupted.Error);
            Assert.Contains("resumes the batch from its journal without submitting them again", interrupted.Error, StringComparison.Ordinal);
            Assert.InRange(submittedBefore, 3, 5);
            Assert.True(videosBefore < 6, "the first run was to be cut short");
            Assert.True(resumed.ExitCode == KlingCli.Ok, resumed.Error);
            Assert.Contains("(resuming)", resumed.Error, StringComparison.Ordinal);
            Assert.Equal(6, batch.Videos().Length);

            // No duplicate submit: one task per item, each with its own business id, the same ids the journal holds.
            Assert.Equal(6, batch.Simulator.Tasks.Count);
            Assert.Equal(SixPrompts.Order(StringComparer.Ordinal), batch.Simulator.Tasks.Select(t => t.Prompt).Order(StringComparer.Ordinal));
            Assert.Equal(6, batch.BusinessIds.Distinct().Count());
            var journaled = batch.JournalLines().Select(Parse).Where(r => r.Type == JournalRecord.SubmittingType).Select(r => r.BusinessId).Distinct();
            Assert.Equal(batch.BusinessIds.Order(StringComparer.Ordinal), journaled.Order(StringComparer.Ordinal));
        }

        [Fact]
        public async Task Batch_KilledAfterASubmitWasSentBeforeItsAnswer_FindsTheTaskByBusinessIdAndSubmitsNothingTwice()
        {
            await using var batch = await BatchFixture.StartAsync("A cat playing piano", "A dog surfing");
            var cat = new RequestSpec { Prompt = "A cat playing piano" };
            var key = BatchKeys.Key(cat, 1);
            var businessId = BatchKeys.BusinessId("b0b0b0b0b0b0", key, 1);

            // The state a crash leaves: the journal has the submit's business id, the service has its task, the answer was lost.
            await File.WriteAllLinesAsync(batch.Journal, new[]
            {
                Json(new JournalRecord { Type = JournalRecord.BatchType, Version = 1, Batch = "b0b0b0b0b0b0", Service = batch.Simulator.BaseAddress.AbsoluteUri }),
                Json(new JournalRecord { Type = JournalRecord.SubmittingType, Key = key, Attempt = 1, BusinessId = businessId, Mode = "std", Duration = 5 }),
            });
            using (var client = new KlingVideoClient(batch.Simulator.CreateClientOptions()))
            {
                await client.StartGenerationAsync(cat.ToRequest(businessId));
            }

            var run = await batch.BatchAsync();

            Assert.True(run.ExitCode == KlingCli.Ok, run.Error);
            Assert.Contains("[1/2] found task video_sim_000001 by business id " + businessId, run.Error, StringComparison.Ordinal);
            Assert.Equal(2, batch.Simulator.Tasks.Count);
            Assert.Equal(1, batch.BusinessIds.Count(id => id == businessId));
            Assert.Equal(new[] { "001-a-cat-playing-piano.mp4", "002-a-dog-surfing.mp4" }, batch.Videos());
        }

        [Fact]
        public async Task Batch_SubmitJournaledButNeverArrived_SubmitsItOnceWithTheJournaledBusinessId()
        {
            await using var batch = await BatchFixture.StartAsync("A cat playing piano");
            var key = BatchKeys.Key(new RequestSpec { Prompt = "A cat playing piano" }, 1);
            var businessId = BatchKeys.BusinessId("c0c0c0c0c0c0", key, 1);
            await File.WriteAllLinesAsync(batch.Journal, new[]
            {
                Json(new JournalRecord { Type = JournalRecord.BatchType, Version = 1, Batch = "c0c0c0c0c0c0", Service = batch.Simulator.BaseAddress.AbsoluteUri }),
                Json(new JournalRecord { Type = JournalRecord.SubmittingType, Key = key, Attempt = 1, BusinessId = businessId, Mode = "std", Duration = 5 }),
            });

            var run = await batch.BatchAsync();

            Assert.True(run.ExitCode == KlingCli.Ok, run.Error);
            Assert.Contains("its earlier submit never arrived", run.Error, StringComparison.Ordinal);
            Assert.Equal(new[] { businessId }, batch.BusinessIds);
        }

        [Fact]
        public async Task Batch_TornLastJournalLine_IsDroppedAndTheBatchResumes()
        {
            await using var batch = await BatchFixture.StartAsync("A cat playing piano");
            await File.WriteAllTextAsync(
                batch.Journal,
                Json(new JournalRecord { Type = JournalRecord.BatchType, Version = 1, Batch = "d0d0d0d0d0d0", Service = batch.Simulator.BaseAddress.AbsoluteUri }) + "\n{\"type\":\"submitt");

            var run = await batch.BatchAsync();

            Assert.True(run.ExitCode == KlingCli.Ok, run.Error);
            Assert.Single(batch.Simulator.Tasks);
            Assert.All(batch.JournalLines(), line => Parse(line));
        }

        [Fact]
        public async Task Batch_FailedTask_IsJournaledAndNotSubmittedAgainUnlessRetryFailed()
        {
            await using var batch = await BatchFixture.StartAsync("A cat playing piano", "A [fail] dog");

            var first = await batch.BatchAsync();
            var second = await batch.BatchAsync();
            var tasksAfterSecond = batch.Simulator.Tasks.Count;
            var retried = await batch.BatchAsync("--retry-failed");

            Assert.Equal(KlingCli.Failed, first.ExitCode);
            Assert.Contains("Batch: 2 items: 1 saved, 1 failed.", first.Output, StringComparison.Ordinal);
            Assert.Equal(KlingCli.Failed, second.ExitCode);
            Assert.Contains("failed in an earlier run", second.Error, StringComparison.Ordinal);
            Assert.Equal(2, tasksAfterSecond);
            Assert.Equal(3, batch.Simulator.Tasks.Count);
            Assert.EndsWith("-r2", batch.BusinessIds[^1], StringComparison.Ordinal);
            Assert.Equal(KlingCli.Failed, retried.ExitCode);
        }

        [Fact]
        public async Task Batch_DryRun_ShowsWhatWouldBeBilledAndSendsNothing()
        {
            await using var batch = await BatchFixture.StartAsync(
                "A cat playing piano", """{"prompt": "A dog", "mode": "pro", "duration": 10}""", "A fox");

            var run = await CliHarness.RunAsync("batch", batch.File, "--dry-run", "--out-dir", batch.Folder.FullName, "--base-url", batch.Simulator.BaseAddress.AbsoluteUri, "--api-key", batch.Simulator.ApiKey);

            Assert.True(run.ExitCode == KlingCli.Ok, run.Error);
            Assert.Empty(batch.Simulator.Requests);
            Assert.Contains("nothing is sent", run.Output, StringComparison.Ordinal);
            Assert.Contains("[2] line 2  pro 10 s", run.Output, StringComparison.Ordinal);
            Assert.Contains("Would submit 3 tasks (each billed): 1 x pro 10 s, 2 x std 5 s (10 s pro and 10 s std of video).", run.Output, StringComparison.Ordinal);
            Assert.Contains("Price: not estimated", run.Output, StringComparison.Ordinal);
            Assert.False(File.Exists(batch.Journal));
            Assert.Empty(batch.Videos());
        }

        [Fact]
        public async Task Batch_DryRunAfterAnInterruptedRun_ShowsWhatIsNotBilledAgain()
        {
            await using var batch = await BatchFixture.StartAsync("A cat playing piano", "A dog surfing");
            await batch.BatchAsync();
            await File.AppendAllLinesAsync(batch.File, new[] { "A fox in the snow" });

            var run = await CliHarness.RunAsync("batch", batch.File, "-n", "--out-dir", batch.Folder.FullName, "--base-url", batch.Simulator.BaseAddress.AbsoluteUri, "--api-key", batch.Simulator.ApiKey);

            Assert.Contains("[1] line 1  std 5 s  -  already saved", run.Output, StringComparison.Ordinal);
            Assert.Contains("[3] line 3  std 5 s  -  submit (billed)", run.Output, StringComparison.Ordinal);
            Assert.Contains("Would submit 1 task (each billed): 1 x std 5 s", run.Output, StringComparison.Ordinal);
        }

        [NoApiKeyFact]
        public async Task Batch_DryRunWithoutApiKey_StartsNoSimulator()
        {
            await using var batch = await BatchFixture.StartAsync("A cat");

            var run = await CliHarness.RunAsync("batch", batch.File, "--dry-run", "--out-dir", batch.Folder.FullName);

            Assert.Equal(KlingCli.Ok, run.ExitCode);
            Assert.Empty(run.Error);
        }

        [Theory]
        [InlineData("""{"prompt": "A cat", "mdoe": "pro"}""", "prompts.txt line 1: unknown field \"mdoe\"")]
        [InlineData("""{"prompt": "A cat", "mode": "ultra"}""", "prompts.txt line 1: Unknown mode \"ultra\": use std or pro.")]
        [InlineData("""{"prompt": "A cat", "duration": 12}""", "prompts.txt line 1: Unknown duration \"12\": use 3 to 10 seconds.")]
        [InlineData("""{"mode": "pro"}""", "prompts.txt line 1: the object has no \"prompt\".")]
        [InlineData("""{"prompt": "A cat", """, "prompts.txt line 1: not a JSON object")]
        [InlineData("<<<image_1>>> waves", "line 1: The prompt references <<<image_1>>>, but the request has no images. Pass them with --image")]
        public async Task Batch_UnreadableLine_Exits2NamingTheLineBeforeSubmittingAnything(string line, string expected)
        {
            await using var batch = await BatchFixture.StartAsync("A fine first line", line.Length > 0 ? line : "x");
            await File.WriteAllLinesAsync(batch.File, new[] { line, "A fine second line" });

            var run = await batch.BatchAsync();

            AssertBadUsage(run, expected);
            Assert.Empty(batch.Simulator.Tasks);
        }

        [Fact]
        public async Task Batch_ItemTheShapeCannotCarry_IsNotSubmittedAndSaysWhichShapeToUse()
        {
            await using var batch = await BatchFixture.StartAsync("""{"prompt": "<<<element_1>>> walks", "elements": ["https://example.com/hero.png"]}""");

            var run = await batch.BatchAsync("--shape", "image-urls");

            Assert.Equal(KlingCli.Failed, run.ExitCode);
            Assert.Contains("[1/1] not submitted: The request uses subject elements", run.Error, StringComparison.Ordinal);
            Assert.Contains("leave out --shape, or pass --shape omni.", run.Error, StringComparison.Ordinal);
            Assert.Contains("1 not submitted", run.Output, StringComparison.Ordinal);
            Assert.Empty(batch.Simulator.Tasks);
            AssertSpeaksCli(run);
        }

        [Fact]
        public async Task Batch_TwoItemsSavingToOneFile_Exits2BeforeSubmittingAnything()
        {
            await using var batch = await BatchFixture.StartAsync("""{"prompt": "A cat", "out": "x.mp4"}""", """{"prompt": "A dog", "out": "x.mp4"}""");

            var run = await batch.BatchAsync();

            AssertBadUsage(run, "line 2 and line 1 would both save to");
            Assert.Empty(batch.Simulator.Tasks);
        }

        [Fact]
        public async Task Batch_AnOutputFileExists_Exits2BeforeSubmittingAnythingUnlessOverwrite()
        {
            await using var batch = await BatchFixture.StartAsync("A cat", "A dog");
            await File.WriteAllTextAsync(batch.PathOf("002-a-dog.mp4"), "someone's video");

            var refused = await batch.BatchAsync();
            var tasksAfterRefusal = batch.Simulator.Tasks.Count;
            var replaced = await batch.BatchAsync("--overwrite");

            AssertBadUsage(refused, "line 2: " + batch.PathOf("002-a-dog.mp4") + " already exists: pass --overwrite");
            Assert.Equal(0, tasksAfterRefusal);
            Assert.Equal(KlingCli.Ok, replaced.ExitCode);
            Assert.Equal(KlingSimulator.VideoContent.ToArray(), await File.ReadAllBytesAsync(batch.PathOf("002-a-dog.mp4")));
        }

        [Fact]
        public async Task Batch_JournalOfAnotherService_Exits2()
        {
            await using var batch = await BatchFixture.StartAsync("A cat");
            await File.WriteAllLinesAsync(batch.Journal, new[] { Json(new JournalRecord { Type = JournalRecord.BatchType, Version = 1, Batch = "e0e0e0e0e0e0", Service = "https://toapis.com/" }) });

            var run = await batch.BatchAsync();

            AssertBadUsage(run, "is of a batch run against https://toapis.com/");
            Assert.Empty(batch.Simulator.Tasks);
        }

        [Fact]
        public async Task Batch_JournalHeldByAnotherRun_Exits2()
        {
            await using var batch = await BatchFixture.StartAsync("A cat");
            using (new FileStream(batch.Journal, FileMode.Create, FileAccess.ReadWrite, FileShare.None))
            {
                var run = await batch.BatchAsync();

                AssertBadUsage(run, "is in use");
            }

            Assert.Empty(batch.Simulator.Tasks);
        }

        [Theory]
        [InlineData("0")]
        [InlineData("33")]
        public async Task Batch_ParallelOutOfRange_Exits2(string parallel)
        {
            var run = await CliHarness.RunAsync("batch", "prompts.txt", "--parallel", parallel);

            AssertBadUsage(run, "--parallel takes 1 to 32");
        }

        [Fact]
        public async Task Batch_MissingFile_Exits2()
            => AssertBadUsage(await CliHarness.RunAsync("batch", Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".txt")), "there is no such file");

        private static string Json(JournalRecord record) => JsonSerializer.Serialize(record, BatchJsonContext.Default.JournalRecord);

        private static JournalRecord Parse(string line) => JsonSerializer.Deserialize(line, BatchJsonContext.Default.JournalRecord)!;
    }
}
