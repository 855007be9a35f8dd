using System;
using System.IO;
using KlingO1.Cli;

namespace KlingO1.Tests.Cli
{
    /// <summary>The CLI's progress: one line per change when redirected, a bar redrawn in place on a terminal.</summary>
    public sealed class ProgressDisplayTests
    {
        [Fact]
        public void Report_NotInteractive_WritesOneLinePerReport()
        {
            using var output = new StringWriter { NewLine = "\n" };
            var display = new ProgressDisplay(output, inPlace: false);

            display.Report(Task(VideoTaskStatus.Queued, 0));
            display.Report(Task(VideoTaskStatus.InProgress, 10));
            display.Report(Task(VideoTaskStatus.Completed, 100));
            display.Finish();

            Assert.Equal(
                "[------------------------------]   0%  queued\n"
                + "[###---------------------------]  10%  in_progress\n"
                + "[##############################] 100%  completed\n",
                output.ToString());
        }

        [Fact]
        public void Report_Interactive_RedrawsOneLineAndFinishEndsItOnce()
        {
            using var output = new StringWriter { NewLine = "\n" };
            var display = new ProgressDisplay(output, inPlace: true);

            display.Report(Task(VideoTaskStatus.InProgress, 50));
            display.Report(Task(VideoTaskStatus.InProgress, 60));
            var beforeFinish = output.ToString();
            display.Finish();
            display.Finish();

            Assert.StartsWith("\r[###############---------------]  50%  in_progress", beforeFinish, StringComparison.Ordinal);
            Assert.Contains("\r[##################------------]  60%  in_progress", beforeFinish, StringComparison.Ordinal);
            Assert.DoesNotContain("\n", beforeFinish, StringComparison.Ordinal);
            Assert.Equal(beforeFinish + "\n", output.ToString());
        }

        [Fact]
        public void Finish_NothingDrawn_WritesNothing()
        {
            using var output = new StringWriter();
            var display = new ProgressDisplay(output, inPlace: true);

            display.Finish();

            Assert.Empty(output.ToString());
        }

        private static VideoTask Task(VideoTaskStatus status, int progress)
            => new("video_1", "kling-video-o1", status, progress, DateTimeOffset.UnixEpoch, null, null, null, null, null);
    }
}
