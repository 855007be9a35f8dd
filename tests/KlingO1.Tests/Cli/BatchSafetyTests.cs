using System;
using System.IO;
using System.Linq;
using System.Text;
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
    /// `kling batch` attacked where money is at stake: a resume with other options, a file that is not prompts, outputs
    /// outside --out-dir, a crash between saving a video and journaling it, a dry run beside a running batch.
    /// </summary>
    public sealed class BatchSafetyTests
    {
        private static readonly string[] ThreePrompts = { "A cat playing piano", "A dog surfing", "A fox in the snow" };

        [Fact]
        public async Task Batch_Interrupted_PrintsAResumeCommandWithTheOptionsThatShapeItsItems()
        {
            await using var batch = await BatchFixture.StartAsync(ThreePrompts);

            var run = await batch.BatchInterruptedAfterSubmitOfAsync("video_sim_000001", "--parallel", "1", "--mode", "pro", "--duration", "7", "--aspect", "9:16", "--overwrite");

            Assert.True(run.ExitCode == KlingCli.Cancelled, run.Error);
            Assert.Contains(
                $"`kling batch {batch.File} --out-dir {batch.Folder.FullName} --mode pro --duration 7 --aspect 9:16 --overwrite --base-url {batch.Simulator.BaseAddress.AbsoluteUri}` resumes",
                run.Error,
                StringComparison.Ordinal);
            Assert.DoesNotContain(batch.Simulator.ApiKey, run.Error + run.Output, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Batch_ResumedWithoutTheModeItRanWith_IsRefusedAndSubmitsNothingTwice()
        {
            await using var batch = await BatchFixture.StartAsync(ThreePrompts);
            await batch.BatchInterruptedAfterSubmitOfAsync("video_sim_000001", "--parallel", "1", "--mode", "pro");
            var submitted = batch.Simulator.Tasks.Count;

            // The same file without --mode pro: every item's request (so its key) differs, none is found in the journal.
            var refused = await batch.BatchAsync("--parallel", "1");
            var afterRefusal = batch.Simulator.Tasks.Count;
            var resumed = await batch.BatchAsync("--parallel", "1", "--mode", "pro");

            AssertBadUsage(refused, "ran with --mode pro");
            Assert.Equal(submitted, afterRefusal);
            Assert.True(resumed.ExitCode == KlingCli.Ok, resumed.Error);
            Assert.Equal(3, batch.Simulator.Tasks.Count);
            Assert.All(batch.Simulator.Tasks, t => Assert.Equal("pro", t.Mode));
        }

        [Fact]
        public async Task Batch_BinaryFile_Exits2AndSubmitsNothing()
        {
            await using var batch = await BatchFixture.StartAsync("x");
            var bytes = new byte[4096];
            new Random(7).NextBytes(bytes);
            for (var i = 50; i < bytes.Length; i += 97)
            {
                bytes[i] = (byte)'\n';
            }

            await File.WriteAllBytesAsync(batch.File, bytes);

            var run = await batch.BatchAsync();

            AssertBadUsage(run, "is not a text file");
            Assert.Empty(batch.Simulator.Tasks);
        }

        [Fact]
        public async Task Batch_HugeFile_Exits2WithoutReadingItAll()
        {
            await using var batch = await BatchFixture.StartAsync("x");
            await using (var file = File.Create(batch.File))
            {
                file.SetLength(BatchFile.MaxFileBytes + 1);
            }

            var run = await batch.BatchAsync();

            AssertBadUsage(run, "is too large for a batch file");
            Assert.Empty(batch.Simulator.Tasks);
        }

        [Theory]
        [InlineData("../escaped.mp4")]
        [InlineData("sub/../../escaped.mp4")]
        [InlineData("/tmp/kling-escaped.mp4")]
        public async Task Batch_ItemOutOutsideTheOutDir_Exits2BeforeSubmittingAnything(string output)
        {
            await using var batch = await BatchFixture.StartAsync("A cat", JsonSerializer.Serialize(new { prompt = "A dog", @out = output }));

            var run = await batch.BatchAsync();

            AssertBadUsage(run, "line 2: \"out\" must stay inside the --out-dir folder");
            Assert.Empty(batch.Simulator.Tasks);
        }

        [Fact]
        public async Task Batch_ItemOutThroughASymlinkOutsideTheOutDir_Exits2BeforeSubmittingAnything()
        {
            await using var batch = await BatchFixture.StartAsync("A cat", """{"prompt": "A dog", "out": "elsewhere/dog.mp4"}""");
            var elsewhere = Directory.CreateTempSubdirectory("kling-elsewhere-");
            try
            {
                Directory.CreateSymbolicLink(batch.PathOf("elsewhere"), elsewhere.FullName);

                var run = await batch.BatchAsync();

                AssertBadUsage(run, "line 2: \"out\" must stay inside the --out-dir folder");
                Assert.Empty(batch.Simulator.Tasks);
            }
            finally
            {
                elsewhere.Delete(recursive: true);
            }
        }

        [Fact]
        public async Task Batch_ItemOutInASubfolderOfTheOutDir_IsSavedThere()
        {
            await using var batch = await BatchFixture.StartAsync("""{"prompt": "A dog", "out": "clips/dog.mp4"}""");
            Directory.CreateDirectory(batch.PathOf("clips"));

            var run = await batch.BatchAsync();

            Assert.True(run.ExitCode == KlingCli.Ok, run.Error);
            Assert.True(File.Exists(batch.PathOf("clips/dog.mp4")));
        }

        [Fact]
        public async Task Batch_VideoSavedButNotJournaledBeforeACrash_IsKeptWithoutOverwriteAndNothingIsSubmitted()
        {
            await using var batch = await BatchFixture.StartAsync("A cat playing piano");
            var output = batch.PathOf("001-a-cat-playing-piano.mp4");
            var taskId = await CrashedAfterSubmitAsync(batch, output);

            // The crash came after the video was moved into place, before its "saved" line.
            await File.WriteAllBytesAsync(output, KlingSimulator.VideoContent.ToArray());

            var run = await batch.BatchAsync();

            Assert.True(run.ExitCode == KlingCli.Ok, run.Error);
            Assert.Single(batch.Simulator.Tasks);
            Assert.Contains(batch.JournalLines(), line => line.Contains("\"type\":\"saved\"", StringComparison.Ordinal) && line.Contains(taskId, StringComparison.Ordinal));
        }

        [Fact]
        public async Task Batch_ResumedTaskWhoseOutputIsNowSomeoneElsesFile_KeepsItAndSaysHowToSaveTheVideo()
        {
            await using var batch = await BatchFixture.StartAsync("A cat playing piano");
            var output = batch.PathOf("001-a-cat-playing-piano.mp4");
            var taskId = await CrashedAfterSubmitAsync(batch, output);
            await File.WriteAllTextAsync(output, "someone's video");

            var run = await batch.BatchAsync();

            Assert.Equal(KlingCli.Failed, run.ExitCode);
            Assert.Equal("someone's video", await File.ReadAllTextAsync(output));
            Assert.Single(batch.Simulator.Tasks);
            Assert.Contains($"`kling download {taskId} --out <another file>`", run.Error, StringComparison.Ordinal);
            AssertSpeaksCli(run);
        }

        [Fact]
        public async Task Batch_DryRunWhileAnotherRunHoldsTheJournal_SaysSoInOneLineAndSendsNothing()
        {
            await using var batch = await BatchFixture.StartAsync("A cat");
            await File.WriteAllTextAsync(batch.Journal, Json(new JournalRecord { Type = JournalRecord.BatchType, Version = 1, Batch = "f0f0f0f0f0f0", Service = batch.Simulator.BaseAddress.AbsoluteUri }) + "\n");
            using (new FileStream(batch.Journal, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            {
                var run = await RunAsync("batch", batch.File, "--dry-run", "--out-dir", batch.Folder.FullName, "--base-url", batch.Simulator.BaseAddress.AbsoluteUri, "--api-key", batch.Simulator.ApiKey);

                AssertBadUsage(run, "is in use (another `kling batch` is running it?), so a dry run cannot read it");
            }

            Assert.Empty(batch.Simulator.Requests);
        }

        /// <summary>Leaves the state of a batch that submitted its one item, journaled the task id and crashed; returns the task id.</summary>
        private static async Task<string> CrashedAfterSubmitAsync(BatchFixture batch, string output)
        {
            var cat = new RequestSpec { Prompt = "A cat playing piano" };
            var key = BatchKeys.Key(cat, 1);
            var businessId = BatchKeys.BusinessId("a1a1a1a1a1a1", key, 1);
            string taskId;
            using (var client = new KlingVideoClient(batch.Simulator.CreateClientOptions()))
            {
                taskId = (await client.StartGenerationAsync(cat.ToRequest(businessId))).Id;
            }

            await File.WriteAllLinesAsync(batch.Journal, new[]
            {
                Json(new JournalRecord { Type = JournalRecord.BatchType, Version = 1, Batch = "a1a1a1a1a1a1", Service = batch.Simulator.BaseAddress.AbsoluteUri }),
                Json(new JournalRecord { Type = JournalRecord.SubmittingType, Key = key, Attempt = 1, BusinessId = businessId, Mode = "std", Duration = 5, Out = output }),
                Json(new JournalRecord { Type = JournalRecord.SubmittedType, Key = key, TaskId = taskId }),
            });
            return taskId;
        }

        private static string Json(JournalRecord record) => JsonSerializer.Serialize(record, BatchJsonContext.Default.JournalRecord);
    }
}
