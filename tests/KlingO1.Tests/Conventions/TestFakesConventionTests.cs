using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Reflection;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Conventions
{
    /// <summary>
    /// One fake per purpose, and one test clock (issue 16): WireMock.Net for HTTP contracts (<see cref="KlingServerFixture"/>),
    /// the simulator (KlingO1.Testing, in memory) for behaviour, raw loopback sockets for exact bytes
    /// (<see cref="RawHttpServer"/>), <see cref="ScriptedHandler"/> for exact per-request answers in memory, and
    /// <see cref="ManualClock"/> for time. A test that declares its own back end (an <see cref="HttpMessageHandler"/> that
    /// answers instead of passing requests on) or its own clock fails here: use, or extend, the ones listed.
    /// </summary>
    public sealed class TestFakesConventionTests
    {
        /// <summary>The back ends the tests may declare, each with its reason. Delegating handlers are not back ends.</summary>
        private static readonly Dictionary<Type, string> AllowedBackEnds = new()
        {
            [typeof(ScriptedHandler)] = "the one scripted in-memory back end: exact answers per request (cut bodies, typed exceptions, hangs a fake clock's timeout ends, chosen headers, gates)",
        };

        /// <summary>The clocks the tests may declare, each with its reason.</summary>
        private static readonly Dictionary<Type, string> AllowedClocks = new()
        {
            [typeof(ManualClock)] = "the one test clock: FakeTimeProvider plus the timers the code starts, alive and pending",
        };

        [Fact]
        public void TestAssembly_DeclaresNoHttpBackEndButTheAllowedOnes()
        {
            var backEnds = TestTypes().Where(t => typeof(HttpMessageHandler).IsAssignableFrom(t) && !typeof(DelegatingHandler).IsAssignableFrom(t));

            var added = backEnds.Where(t => !AllowedBackEnds.ContainsKey(t)).Select(t => t.FullName).ToArray();

            Assert.True(
                added.Length == 0,
                "Test back ends beyond the one fake per purpose (WireMock for contracts, KlingSimulator.CreateInMemory for behaviour, "
                + "RawHttpServer for bytes, ScriptedHandler for exact answers):\n" + string.Join("\n", added));
        }

        [Fact]
        public void TestAssembly_DeclaresNoClockButManualClock()
        {
            var added = TestTypes().Where(t => typeof(TimeProvider).IsAssignableFrom(t) && !AllowedClocks.ContainsKey(t)).Select(t => t.FullName).ToArray();

            Assert.True(added.Length == 0, "Test clocks beside ManualClock (give it what you need instead):\n" + string.Join("\n", added));
        }

        [Fact]
        public void AllowedFakes_LiveInInfrastructure()
        {
            Assert.All(AllowedBackEnds.Keys.Concat(AllowedClocks.Keys), t => Assert.Equal("KlingO1.Tests.Infrastructure", t.Namespace));
        }

        [Fact]
        public void TestSources_NameFakeTimeProviderOnlyInManualClockAndTheReadmeSnippets()
        {
            // The README's snippets show FakeTimeProvider as users write it (ReadmeSnippetTests checks them verbatim).
            var tests = Path.Combine(FolderGraphTests.RepositoryRoot(), "tests", "KlingO1.Tests");
            var allowed = new[] { Path.Combine("Infrastructure", "ManualClock.cs"), Path.Combine("Conventions", nameof(TestFakesConventionTests) + ".cs"), "Readme" + Path.DirectorySeparatorChar };

            var offenders = Directory.EnumerateFiles(tests, "*.cs", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(tests, f))
                .Where(f => !f.StartsWith("bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal) && !f.StartsWith("obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                .Where(f => !allowed.Any(a => f == a || (a.EndsWith(Path.DirectorySeparatorChar) && f.StartsWith(a, StringComparison.Ordinal))))
                .Where(f => File.ReadAllText(Path.Combine(tests, f)).Contains(nameof(Microsoft.Extensions.Time.Testing.FakeTimeProvider), StringComparison.Ordinal))
                .ToArray();

            Assert.True(offenders.Length == 0, "Use ManualClock, not a FakeTimeProvider of your own:\n" + string.Join("\n", offenders));
        }

        private static IEnumerable<Type> TestTypes()
            => typeof(TestFakesConventionTests).Assembly.GetTypes().Where(t => t.IsClass);
    }
}
