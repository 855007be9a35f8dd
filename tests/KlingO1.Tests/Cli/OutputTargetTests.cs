using System;
using System.IO;
using KlingO1.Cli.Errors;
using KlingO1.Cli.Output;

namespace KlingO1.Tests.Cli
{
    /// <summary>Where a video goes, decided before the (billed) submit: a folder takes the default name, a file there is kept.</summary>
    public sealed class OutputTargetTests : IDisposable
    {
        private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("kling-out-");

        [Fact]
        public void Resolve_AFolder_SavesTheDefaultNameInIt()
        {
            Assert.Equal(Path.Combine(_folder.FullName, "video.mp4"), OutputTarget.Resolve(_folder.FullName, "video.mp4", overwrite: false));
            Assert.Equal(Path.Combine(_folder.FullName, "video.mp4"), OutputTarget.Resolve(_folder.FullName + Path.DirectorySeparatorChar, "video.mp4", overwrite: false));
        }

        [Fact]
        public void Resolve_ANewFolderPathEndingInASeparator_IsRefusedAsMissing()
        {
            var missing = Path.Combine(_folder.FullName, "clips") + Path.DirectorySeparatorChar;

            var refused = Assert.Throws<CliUsageException>(() => OutputTarget.Resolve(missing, "video.mp4", overwrite: false));

            Assert.Contains("does not exist", refused.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Resolve_AnExistingFile_IsRefusedUnlessOverwrite()
        {
            var existing = Path.Combine(_folder.FullName, "paid.mp4");
            File.WriteAllText(existing, "x");

            var refused = Assert.Throws<CliUsageException>(() => OutputTarget.Resolve(existing, "video.mp4", overwrite: false));

            Assert.Equal(existing + " already exists: pass --overwrite to replace it, or choose another --out.", refused.Message);
            Assert.Equal(existing, OutputTarget.Resolve(existing, "video.mp4", overwrite: true));
            Assert.Equal("x", File.ReadAllText(existing));
        }

        [Fact]
        public void Resolve_NothingGiven_IsTheDefaultNameInTheCurrentFolder()
            => Assert.Equal(Path.GetFullPath("a-name-no-test-leaves-behind.mp4"), OutputTarget.Resolve(null, "a-name-no-test-leaves-behind.mp4", overwrite: false));

        public void Dispose() => _folder.Delete(recursive: true);
    }
}
