namespace KlingO1
{
    /// <summary>What the service makes of a mode or length left unset (the generation page's defaults).</summary>
    internal static class ServiceDefaults
    {
        /// <summary>The mode the clip is made in: the request's, or the service's default (standard).</summary>
        public static VideoMode ModeOf(VideoGenerationRequest request) => request.Mode ?? VideoMode.Standard;

        /// <summary>
        /// The clip's expected length: the request's; the input video's for a base video edit left unset (unknown
        /// here, so null); otherwise the service's default of 5 seconds.
        /// </summary>
        public static VideoDuration? ExpectedLength(VideoGenerationRequest request)
            => request.Duration ?? (request.Video is { Type: ReferenceVideoType.Base } ? null : VideoDuration.FiveSeconds);
    }
}
