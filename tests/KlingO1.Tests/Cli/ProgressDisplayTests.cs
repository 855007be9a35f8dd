using System;
using System.IO;
using KlingO1.Cli.Output;

namespace KlingO1.Tests.Cli
{
    /// <summary>
    /// The CLI's progress: one plain line per change when redirected (no bar), and on a terminal a bar redrawn in place
    /// that fits the terminal's width, with the figures alone when it is too narrow for a bar.
    /// </summary>
    public sealed class ProgressDisplayTests
    {
        [Fact]
        public void Report_NotInteractive_WritesOnePlainLinePerReportWithoutABar()
        {
            using var output = new StringWriter { NewLine = "\n" };
            var display = new ProgressDisplay(output, inPlace: false);

            display.Report(Task(VideoTaskStatus.Queued, 0));
            display.Report(Task(VideoTaskStatus.InProgress, 10));
            display.Report(Task(VideoTaskStatus.Completed, 100));
            display.Finish();

            Assert.Equal(
                "video_1  queued  0%\n"
                + "video_1  in_progress  10%\n"
                + "video_1  completed  100%\n",
                output.ToString());
        }

        [Fact]
        public void Report_Interactive_RedrawsOneLineAndFinishEndsItOnce()
        {
            using var output = new StringWriter { NewLine = "\n" };
            var display = new ProgressDisplay(output, inPlace: true, () => 80);

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

        [Theory]
        [InlineData(200)]
        [InlineData(80)]
        [InlineData(54)]
        [InlineData(53)]
        [InlineData(40)]
        [InlineData(31)]
        [InlineData(20)]
        [InlineData(10)]
        [InlineData(1)]
        public void Report_Interactive_NeverReachesTheLastColumn(int columns)
        {
            // Below 54 columns the old bar wrapped, and each redraw then left a broken line behind.
            using var output = new StringWriter { NewLine = "\n" };
            var display = new ProgressDisplay(output, inPlace: true, () => columns);

            display.Report(Task(VideoTaskStatus.InProgress, 73));
            display.Notice("status read failed (Connection refused); still waiting, retrying...");

            foreach (var drawn in output.ToString().Split('\r', StringSplitOptions.RemoveEmptyEntries))
            {
                Assert.True(drawn.Length <= Math.Max(1, columns - 1), $"{drawn.Length} characters in {columns} columns: \"{drawn}\"");
            }
        }

        [Theory]
        [InlineData(80, 30)]
        [InlineData(40, 19)]
        [InlineData(31, 10)]
        public void Line_BarWidth_FitsTheTerminal(int columns, int bar)
        {
            var line = ProgressDisplay.Line(Task(VideoTaskStatus.InProgress, 50), null, columns);

            Assert.StartsWith("[" + new string('#', bar / 2) + new string('-', bar - (bar / 2)) + "]", line, StringComparison.Ordinal);
        }

        [Fact]
        public void Line_TooNarrowForABar_ShowsTheFiguresAlone()
            => Assert.Equal("73%  in_progress", ProgressDisplay.Line(Task(VideoTaskStatus.InProgress, 73), null, 30));

        [Fact]
        public void Notice_NotInteractive_WritesItsOwnLineNamingTheTask()
        {
            using var output = new StringWriter { NewLine = "\n" };
            var display = new ProgressDisplay(output, inPlace: false);

            display.Report(Task(VideoTaskStatus.InProgress, 10));
            display.Notice("status read failed (timeout); still waiting, retrying...");

            Assert.EndsWith("video_1  status read failed (timeout); still waiting, retrying...\n", output.ToString(), StringComparison.Ordinal);
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
