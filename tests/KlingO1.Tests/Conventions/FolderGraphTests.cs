using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace KlingO1.Tests.Conventions
{
    /// <summary>
    /// The folders of <c>src/KlingO1</c> depend on each other one way only, in the order of the architecture (the
    /// front door at the top, models and names at the bottom), measured on the compiled assembly's type references: the
    /// test fails on any edge that points up, naming a type reference that makes it. (Issue 16 began with all ten core
    /// folders in one cycle; the last seven back-edges went with the operation table and the polling delay.)
    /// </summary>
    public sealed class FolderGraphTests
    {
        /// <summary>
        /// The layers, top first (the architecture's source tree, with DependencyInjection above the front door it
        /// registers); a folder may use its own layer and the ones below it.
        /// </summary>
        private static readonly string[][] Layers =
        {
            new[] { "DependencyInjection" },
            new[] { "(front door)" },
            new[] { "Engine" },
            new[] { "Prompts", "Requests" },
            new[] { "Media" },
            new[] { "Transport" },
            new[] { "Polling" },
            new[] { "Webhooks" },
            new[] { "Tasks", "Errors" },
            new[] { "Observability" },
            new[] { "Internal" },
        };

        /// <summary>
        /// The folders the architecture says know no HTTP: the request and its rules, and media I/O, which hands content to
        /// Transport and gets streams back.
        /// </summary>
        private static readonly string[] WithoutHttp = { "Prompts", "Requests", "Media" };

        private static readonly Regex TopLevelType = new(
            @"^(?: {4})?(?:(?:public|internal|static|sealed|abstract|partial|readonly|file|unsafe)\s+)*(?:class|struct|interface|enum|record(?:\s+struct|\s+class)?)\s+(?<name>[A-Z][A-Za-z0-9_]*)",
            RegexOptions.Multiline | RegexOptions.CultureInvariant,
            TimeSpan.FromSeconds(1));

        [Fact]
        public void Folders_DependOnlyDownwards()
        {
            var edges = Edges();
            var graph = string.Join("\n", edges.GroupBy(e => e.From).OrderBy(g => Layer(g.Key)).Select(g => $"{g.Key} -> {string.Join(", ", g.Select(e => e.To).Distinct().OrderBy(Layer))}"));

            var backEdges = edges.Where(e => Layer(e.From) > Layer(e.To)).Select(e => $"{e.From} -> {e.To}: {e.Because}").ToArray();

            Assert.True(backEdges.Length == 0, "Back-edges (a folder using one above it):\n" + string.Join("\n", backEdges) + "\n\nThe graph:\n" + graph);
        }

        [Fact]
        public void EveryFolder_HasALayer()
        {
            var folders = TypeFolders().Values.SelectMany(f => f).Distinct();

            Assert.All(folders, f => Assert.True(Layer(f) >= 0, $"src/KlingO1/{f} is in no layer of FolderGraphTests.Layers"));
        }

        [Fact]
        public void EveryTypeOfTheAssembly_IsFoundInItsFolder()
        {
            var folders = TypeFolders();
            var unplaced = typeof(KlingVideoClient).Assembly.GetTypes()
                .Where(t => t.DeclaringType is null && !t.Name.Contains('<', StringComparison.Ordinal)
                    && !t.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute), inherit: false)
                    && t.Namespace?.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) != true)
                .Where(t => FoldersOf(t, folders) is null)
                .Select(t => t.FullName)
                .ToArray();

            // A type the declaration scan misses would drop out of the graph unseen.
            Assert.Empty(unplaced);
        }

        [Fact]
        public void FoldersWithoutHttp_UseNoHttpType()
        {
            var folders = TypeFolders();
            var uses = typeof(KlingVideoClient).Assembly.GetTypes()
                .Where(t => FoldersOf(t, folders)?.Any(f => WithoutHttp.Contains(f)) == true)
                .SelectMany(t => TypeReferences.Of(t).Where(IsHttp).Select(used => $"{Outermost(t).Name} uses {used.FullName}"))
                .Distinct(StringComparer.Ordinal)
                .ToArray();

            Assert.True(uses.Length == 0, "HTTP types outside Transport:\n" + string.Join("\n", uses));
        }

        private static bool IsHttp(Type type)
            => type == typeof(System.Net.HttpStatusCode)
                || type.Namespace == "System.Net.Http"
                || type.Namespace?.StartsWith("System.Net.Http.", StringComparison.Ordinal) == true;

        private static int Layer(string folder) => Array.FindIndex(Layers, l => l.Contains(folder));

        /// <summary>Returns each folder-to-folder edge once, with one type reference that makes it.</summary>
        private static List<(string From, string To, string Because)> Edges()
        {
            var folders = TypeFolders();
            var assembly = typeof(KlingVideoClient).Assembly;
            var edges = new Dictionary<(string, string), string>();
            foreach (var type in assembly.GetTypes())
            {
                if (FoldersOf(type, folders) is not { } from)
                {
                    continue;
                }

                foreach (var used in TypeReferences.Of(type).Where(t => t.Assembly == assembly))
                {
                    if (FoldersOf(used, folders) is not { } to)
                    {
                        continue;
                    }

                    foreach (var f in from)
                    {
                        foreach (var t in to.Where(t => t != f))
                        {
                            edges.TryAdd((f, t), $"{Outermost(type).Name} uses {Outermost(used).Name}");
                        }
                    }
                }
            }

            return edges.Select(e => (e.Key.Item1, e.Key.Item2, e.Value)).ToList();
        }

        private static IReadOnlyCollection<string>? FoldersOf(Type type, Dictionary<string, HashSet<string>> folders)
        {
            var name = Outermost(type).Name;
            var tick = name.IndexOf('`', StringComparison.Ordinal);
            return folders.TryGetValue(tick < 0 ? name : name[..tick], out var found) ? found : null;
        }

        private static Type Outermost(Type type)
        {
            while (type.DeclaringType is { } outer)
            {
                type = outer;
            }

            return type;
        }

        /// <summary>Maps each top-level type declared in src/KlingO1 to the folder(s) declaring it (a partial type may span two).</summary>
        private static Dictionary<string, HashSet<string>> TypeFolders()
        {
            var source = Path.Combine(RepositoryRoot(), "src", "KlingO1");
            var folders = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            foreach (var file in Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(source, file).Split(Path.DirectorySeparatorChar);
                if (relative[0] is "obj" or "bin")
                {
                    continue;
                }

                var folder = relative.Length == 1 ? "(front door)" : relative[0];
                foreach (Match declared in TopLevelType.Matches(File.ReadAllText(file)))
                {
                    var name = declared.Groups["name"].Value;
                    if (!folders.TryGetValue(name, out var set))
                    {
                        folders[name] = set = new HashSet<string>(StringComparer.Ordinal);
                    }

                    set.Add(folder);
                }
            }

            return folders;
        }

        internal static string RepositoryRoot()
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "KlingO1.sln")))
                {
                    return folder.FullName;
                }
            }

            throw new InvalidOperationException("The repository root (with KlingO1.sln) is not above " + AppContext.BaseDirectory);
        }
    }
}
