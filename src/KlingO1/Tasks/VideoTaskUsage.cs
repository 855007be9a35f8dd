using System.Collections.Generic;

namespace KlingO1
{
    /// <summary>What a task used beyond the generation itself, as the status answer's <c>usage</c> reports it.</summary>
    public sealed class VideoTaskUsage
    {
        internal VideoTaskUsage(IReadOnlyDictionary<string, long> toolUsage)
        {
            ToolUsage = toolUsage;
        }

        /// <summary>
        /// Gets how often each model tool was used (<c>usage.tool_usage</c>), keyed by the service's tool name, for
        /// example <c>web_search</c>. Entries that are not whole numbers are left out; empty when none were reported.
        /// </summary>
        public IReadOnlyDictionary<string, long> ToolUsage { get; }
    }
}
