namespace KlingO1
{
    /// <summary>
    /// Which revision of the generation request body the client sends. The same <see cref="VideoGenerationRequest"/>
    /// serializes to either. The service's current page documents only <see cref="Omni"/>, the original page only
    /// <see cref="ImageUrls"/>, and neither says whether the live service still takes the other.
    /// </summary>
    public enum RequestShape
    {
        /// <summary>
        /// The default: each request in the original shape when it can carry all of it (as every earlier release
        /// sent), and in the Omni shape when the request needs it (frames, elements, a reference video, audio, a
        /// duration other than 5 or 10 seconds).
        /// </summary>
        Auto = 0,

        /// <summary>
        /// Always the original shape: images in <c>image_urls</c> (the service puts <c>&lt;&lt;&lt;image_1&gt;&gt;&gt;</c>
        /// in front of a prompt that names none), durations of 5 or 10 seconds. A request with frames, elements, a
        /// reference video, another duration or audio is refused before anything is sent, rather than losing fields.
        /// </summary>
        ImageUrls = 1,

        /// <summary>
        /// Always the newer Omni shape: images in <c>metadata.image_list</c> (with first/end frame roles), subjects in
        /// <c>metadata.element_list</c>, a reference video in <c>video_list</c>, durations of 3 to 10 seconds, <c>audio</c>.
        /// </summary>
        Omni = 2,
    }
}
