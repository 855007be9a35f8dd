using System;
using System.Collections.Generic;

namespace KlingO1.Tests.Infrastructure
{
    /// <summary>
    /// Sets environment variables of this process and puts the old values back when disposed. They are process-wide:
    /// only tests of the <see cref="ProcessEnvironment"/> collection, which runs alone, may use it.
    /// </summary>
    internal sealed class EnvironmentScope : IDisposable
    {
        private readonly Dictionary<string, string?> _before = new(StringComparer.Ordinal);

        public EnvironmentScope(IReadOnlyDictionary<string, string> variables)
        {
            foreach (var (name, value) in variables)
            {
                _before[name] = Environment.GetEnvironmentVariable(name);
                Environment.SetEnvironmentVariable(name, value);
            }
        }

        public void Dispose()
        {
            foreach (var (name, value) in _before)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }

    /// <summary>Tests that change this process's environment variables: run alone, with nothing else in parallel.</summary>
    [CollectionDefinition(nameof(ProcessEnvironment), DisableParallelization = true)]
    public sealed class ProcessEnvironment
    {
    }
}
