using Xunit.Abstractions;

namespace KlingO1.Service.Tests.Fixtures
{
    /// <summary>
    /// PostgreSQL and Chromium are machine packages, not NuGet ones. With <c>KLING_SERVICE_TESTS=require</c> (CI, whose
    /// .ci/run installs them) a missing one fails the test, saying what to install; without it the test returns early and
    /// writes that it did not run and why (xUnit 2 has no runtime skip), so the README's test command passes anywhere.
    /// </summary>
    internal static class Prerequisites
    {
        public const string Variable = "KLING_SERVICE_TESTS";

        public static bool Required => string.Equals(Environment.GetEnvironmentVariable(Variable), "require", StringComparison.OrdinalIgnoreCase);

        /// <summary>True when the test can go on; false (after writing why) when it should return.</summary>
        /// <param name="missing">Null when everything is there; else what is missing and how to install it.</param>
        public static bool Met(string? missing, ITestOutputHelper output)
        {
            if (missing is null)
            {
                return true;
            }

            if (Required)
            {
                Assert.Fail($"{missing} ({Variable}=require: this run must not go without it).");
            }

            var note = $"NOT RUN: {missing}. (Set {Variable}=require to make this a failure.)";
            output.WriteLine(note);
            Console.Error.WriteLine(note);
            return false;
        }
    }
}
