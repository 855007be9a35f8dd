using System;
using System.IO;
using System.Linq;
using KlingO1.Cli;

namespace KlingO1.Tests.Cli
{
    /// <summary>The README documents the CLI as it is: the tool install, every command, every exit code, batch and its journal.</summary>
    public sealed class ReadmeCliTests
    {
        private static readonly string Readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Readme", "README.md"));

        [Fact]
        public void Readme_ShowsTheToolInstall()
            => Assert.Contains("dotnet tool install -g KlingO1.Cli", Readme, StringComparison.Ordinal);

        [Fact]
        public void Readme_NamesEveryCommand()
        {
            var commands = CommandTree.Create(new CliContext(TextWriter.Null, TextWriter.Null, false, TimeProvider.System, () => 80)).Subcommands.Select(c => c.Name);

            Assert.All(commands, name => Assert.Contains("| `kling " + name, Readme, StringComparison.Ordinal));
        }

        [Fact]
        public void Readme_ListsEveryExitCode()
        {
            foreach (var code in new[] { ExitCodes.Ok, ExitCodes.Failed, ExitCodes.BadUsage, ExitCodes.Cancelled, ExitCodes.Terminated })
            {
                Assert.Contains(FormattableString.Invariant($"\n| {code} |"), Readme, StringComparison.Ordinal);
            }
        }

        [Fact]
        public void Readme_DocumentsTheBatchFileAndJournal()
        {
            Assert.Contains("`<file>.journal.jsonl`", Readme, StringComparison.Ordinal);
            Assert.Contains("--dry-run", Readme, StringComparison.Ordinal);
            Assert.Contains("--retry-failed", Readme, StringComparison.Ordinal);
            Assert.All(KlingO1.Cli.Batch.BatchFile.Fields, field => Assert.Contains("`" + field + "`", Readme, StringComparison.Ordinal));
        }
    }
}
