namespace KlingO1.Cli
{
    /// <summary>The exit codes of every `kling` command: the one list that `--help` and the README show.</summary>
    internal static class ExitCodes
    {
        /// <summary>The command did what it was asked (for `batch`: every item is saved).</summary>
        public const int Ok = 0;

        /// <summary>The service, the network, the task or the saving of the video failed.</summary>
        public const int Failed = 1;

        /// <summary>The command line or its input is wrong; nothing was submitted.</summary>
        public const int BadUsage = 2;

        /// <summary>Ctrl+C (SIGINT) cancelled the command.</summary>
        public const int Cancelled = 130;

        /// <summary>SIGTERM cancelled the command (128 + 15), as shells report a terminated one.</summary>
        public const int Terminated = 143;

        /// <summary>The exit codes as `--help` shows them.</summary>
        public const string Help = """
            Exit codes:
              0    done (batch: every item saved)
              1    failed: the service refused, the task failed, the network or saving the video failed
                   (the message names the task and the kling command that resumes it)
              2    bad usage or input (the one-line message says what to fix); nothing was submitted
              130  cancelled by Ctrl+C; a task already submitted goes on at the service (kling wait <task-id>)
              143  stopped by SIGTERM (docker stop, a service manager), as Ctrl+C
            """;
    }
}
