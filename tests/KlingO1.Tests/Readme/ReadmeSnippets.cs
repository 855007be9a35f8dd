using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace KlingO1.Tests.Readme
{
    /// <summary>
    /// The code between <c>// README: &lt;file&gt;</c> and <c>// README end</c> in this folder's tests, each a snippet that
    /// must appear verbatim (indentation aside) in a fenced block of that README: the tests run the code, and this check
    /// fails as soon as the README says something else.
    /// </summary>
    internal static class ReadmeSnippets
    {
        private static readonly Regex Begin = new(@"^\s*// README: (?<file>\S+)\s*$", RegexOptions.CultureInvariant);
        private static readonly Regex End = new(@"^\s*// README end\s*$", RegexOptions.CultureInvariant);

        /// <summary>Gets the folder the READMEs and snippet sources are copied to beside the test assembly.</summary>
        public static string Folder => Path.Combine(AppContext.BaseDirectory, "Readme");

        /// <summary>Returns every snippet of the test sources in this folder: the README it belongs to, where it is, and its code.</summary>
        public static IEnumerable<(string Readme, string Source, string Code)> All()
        {
            foreach (var source in Directory.EnumerateFiles(Folder, "*.cs").OrderBy(f => f, StringComparer.Ordinal))
            {
                string? readme = null;
                var lines = new List<string>();
                var number = 0;
                var start = 0;
                foreach (var line in File.ReadLines(source))
                {
                    number++;
                    if (Begin.Match(line) is { Success: true } begin)
                    {
                        readme = begin.Groups["file"].Value;
                        lines.Clear();
                        start = number;
                    }
                    else if (readme is not null && End.IsMatch(line))
                    {
                        yield return (readme, $"{Path.GetFileName(source)}:{start}", Dedent(lines));
                        readme = null;
                    }
                    else if (readme is not null)
                    {
                        lines.Add(line);
                    }
                }
            }
        }

        /// <summary>Returns the fenced code blocks of a README, each dedented.</summary>
        public static IReadOnlyList<string> CodeBlocks(string readme)
        {
            var blocks = new List<string>();
            List<string>? block = null;
            foreach (var line in File.ReadLines(Path.Combine(Folder, readme)))
            {
                if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
                {
                    if (block is null)
                    {
                        block = new List<string>();
                    }
                    else
                    {
                        blocks.Add(Dedent(block));
                        block = null;
                    }
                }
                else
                {
                    block?.Add(line);
                }
            }

            return blocks;
        }

        private static string Dedent(IReadOnlyList<string> lines)
        {
            var indent = lines.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
            return string.Join("\n", lines.Select(l => l.Length >= indent ? l.Substring(indent).TrimEnd() : l.Trim())).Trim('\n');
        }
    }
}
