using System;

namespace KlingO1.Polling
{
    /// <summary>
    /// What a wait expects of its task before any progress is seen, from the typical time from submit to ready (the engine
    /// derives it from the request): the shortest plausible time (half of it) and the typical progress rate.
    /// </summary>
    /// <remarks>
    /// From issue 6's figures: a task's time runs from half to one and a half times its typical figure; the progress the
    /// service reports runs over about 90% of the time, the rest is the queue.
    /// </remarks>
    internal sealed class GenerationTimePrior
    {
        private const double RunningShare = 0.9;

        /// <param name="typical">The typical time from submit to the video being ready.</param>
        public GenerationTimePrior(TimeSpan typical)
        {
            Typical = typical;
        }

        /// <summary>Gets the typical time from submit to the video being ready.</summary>
        public TimeSpan Typical { get; }

        /// <summary>Gets the shortest plausible time from submit to the video being ready: half the typical time.</summary>
        public TimeSpan Shortest => TimeSpan.FromTicks(Typical.Ticks / 2);

        /// <summary>Gets the typical progress rate while running, in percent per second.</summary>
        public double ProgressPerSecond => 100 / (Typical.TotalSeconds * RunningShare);
    }
}
