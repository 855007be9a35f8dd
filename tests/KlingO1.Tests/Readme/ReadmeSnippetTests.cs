using System.Linq;

namespace KlingO1.Tests.Readme
{
    /// <summary>Every snippet the tests in this folder run appears, as run, in its README.</summary>
    public sealed class ReadmeSnippetTests
    {
        public static TheoryData<string, string, string> Snippets()
        {
            var data = new TheoryData<string, string, string>();
            foreach (var (readme, source, code) in ReadmeSnippets.All())
            {
                data.Add(readme, source, code);
            }

            return data;
        }

        [Theory]
        [MemberData(nameof(Snippets))]
        public void Snippet_AppearsInItsReadmeAsRun(string readme, string source, string code)
        {
            var blocks = ReadmeSnippets.CodeBlocks(readme);

            Assert.True(blocks.Any(b => b.Contains(code, System.StringComparison.Ordinal)), $"{readme} has no code block containing the snippet at {source}:\n{code}");
        }

        [Fact]
        public void Snippets_CoverBothReadmes()
        {
            var readmes = ReadmeSnippets.All().Select(s => s.Readme).Distinct().ToArray();

            Assert.Contains("README.md", readmes);
            Assert.Contains("KlingO1.Testing.README.md", readmes);
        }
    }
}
