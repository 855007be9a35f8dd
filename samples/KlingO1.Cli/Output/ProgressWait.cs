using System;
using System.Threading.Tasks;
using KlingO1.Cli.Service;

namespace KlingO1.Cli.Output
{
    /// <summary>A wait shown as a progress display, with the notices of status reads that failed and are retried.</summary>
    internal static class ProgressWait
    {
        public static async Task<VideoTask> RunAsync(CliContext context, ServiceConnection connection, Func<IProgress<VideoTask>, Task<VideoTask>> wait)
        {
            var display = context.NewProgress();
            connection.Notices.Listen((_, text) => display.Notice(text));
            try
            {
                return await wait(display).ConfigureAwait(false);
            }
            finally
            {
                connection.Notices.Listen(null);
                display.Finish();
            }
        }
    }
}
