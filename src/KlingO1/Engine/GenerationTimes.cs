using System;
using KlingO1.Polling;

namespace KlingO1.Engine
{
    /// <summary>
    /// What a request's mode and clip length say about how long its task takes: the typical time from submit to ready,
    /// handed to the wait that starts at the submit as its <see cref="GenerationTimePrior"/>.
    /// </summary>
    /// <remarks>
    /// From issue 6's figures: std 5 s in about 60–180 s (typically 120 s), pro 10 s in about 120–400 s (typically
    /// 260 s), within the service's "typical generation 1–5 minutes". The step from one to the other, a factor of about
    /// 2.2, is split evenly between the mode (pro takes 1.47 times as long) and the doubled length (std 10 s takes about
    /// 177 s), linear in the seconds between: std takes 63 s plus 11.3 s per second of clip (97 s for 3 s).
    /// </remarks>
    internal static class GenerationTimes
    {
        private const double StandardBaseSeconds = 63;
        private const double StandardSecondsPerClipSecond = 11.3;
        private const double ProfessionalFactor = 1.47;

        /// <summary>Returns the prior of a mode and length, or null for one there are no figures for.</summary>
        public static GenerationTimePrior? PriorFor(VideoMode mode, VideoDuration duration)
            => TypicalFor(mode, duration) is { } typical ? new GenerationTimePrior(typical) : null;

        /// <summary>Returns the typical time from submit to ready of a mode and length, or null for one there are no figures for.</summary>
        public static TimeSpan? TypicalFor(VideoMode mode, VideoDuration duration)
        {
            var factor = mode == VideoMode.Standard ? 1.0 : mode == VideoMode.Professional ? ProfessionalFactor : 0;
            if (factor == 0 || duration.Seconds is < VideoDuration.MinSeconds or > VideoDuration.MaxSeconds)
            {
                return null;
            }

            return TimeSpan.FromSeconds(factor * (StandardBaseSeconds + (StandardSecondsPerClipSecond * duration.Seconds)));
        }
    }
}
