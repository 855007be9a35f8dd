using System;

namespace KlingO1.Polling
{
    /// <summary>
    /// What a request's mode and clip length say about how long its task takes, before any progress is seen: the
    /// typical time from submit to ready, and the shortest plausible one (half of it).
    /// </summary>
    /// <remarks>
    /// From issue 6's figures: std 5 s in about 60–180 s (typically 120 s), pro 10 s in about 120–400 s (typically
    /// 260 s), within the service's "typical generation 1–5 minutes". The step from one to the other, a factor of about
    /// 2.2, is split evenly between the mode (pro takes 1.47 times as long) and the doubled length (std 10 s takes about
    /// 177 s), linear in the seconds between: std takes 63 s plus 11.3 s per second of clip (97 s for 3 s). Both ranges
    /// run from half to one and a half times their typical figure; the progress the service reports runs over about 90%
    /// of the time, the rest is the queue.
    /// </remarks>
    internal sealed class GenerationTimePrior
    {
        private const double StandardBaseSeconds = 63;
        private const double StandardSecondsPerClipSecond = 11.3;
        private const double ProfessionalFactor = 1.47;
        private const double RunningShare = 0.9;

        private GenerationTimePrior(TimeSpan typical)
        {
            Typical = typical;
        }

        /// <summary>Gets the typical time from submit to the video being ready.</summary>
        public TimeSpan Typical { get; }

        /// <summary>Gets the shortest plausible time from submit to the video being ready: half the typical time.</summary>
        public TimeSpan Shortest => TimeSpan.FromTicks(Typical.Ticks / 2);

        /// <summary>Gets the typical progress rate while running, in percent per second.</summary>
        public double ProgressPerSecond => 100 / (Typical.TotalSeconds * RunningShare);

        /// <summary>Returns the prior of a request, or null for a mode or length it has no figures for.</summary>
        public static GenerationTimePrior? For(VideoMode mode, VideoDuration duration)
        {
            var factor = mode == VideoMode.Standard ? 1.0 : mode == VideoMode.Professional ? ProfessionalFactor : 0;
            if (factor == 0 || duration.Seconds is < VideoDuration.MinSeconds or > VideoDuration.MaxSeconds)
            {
                return null;
            }

            return new GenerationTimePrior(TimeSpan.FromSeconds(factor * (StandardBaseSeconds + (StandardSecondsPerClipSecond * duration.Seconds))));
        }
    }
}
