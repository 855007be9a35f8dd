namespace KlingO1
{
    /// <summary>
    /// Which revision of the generation request body the client sends. The same <see cref="VideoGenerationRequest"/>
    /// serializes to either; a request that only <see cref="Omni"/> can express is refused before sending under
    /// <see cref="ImageUrls"/> instead of losing fields.
    /// </summary>
    public enum RequestShape
    {
        /// <summary>
        /// The original shape (the default): images in <c>image_urls</c>, durations of 5 or 10 seconds. Cannot carry
        /// frames, elements, a reference video, other durations or audio.
        /// </summary>
        ImageUrls = 0,

        /// <summary>
        /// The newer Omni shape: images in <c>metadata.image_list</c> (with first/end frame roles), subjects in
        /// <c>metadata.element_list</c>, a reference video in <c>video_list</c>, durations of 3 to 10 seconds, <c>audio</c>.
        /// </summary>
        Omni = 1,
    }
}
