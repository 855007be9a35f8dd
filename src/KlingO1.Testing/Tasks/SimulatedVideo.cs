namespace KlingO1.Testing
{
    /// <summary>The reference video a submit carried in <c>video_list</c>.</summary>
    public sealed class SimulatedVideo
    {
        internal SimulatedVideo(string url, string referType, bool keepOriginalSound)
        {
            Url = url;
            ReferType = referType;
            KeepOriginalSound = keepOriginalSound;
        }

        /// <summary>Gets the video's URL as received.</summary>
        public string Url { get; }

        /// <summary>Gets <c>base</c> (edit this video; the default) or <c>feature</c> (take its motion or style).</summary>
        public string ReferType { get; }

        /// <summary>Gets a value indicating whether the video's own sound is kept (<c>keep_original_sound: yes</c>).</summary>
        public bool KeepOriginalSound { get; }

        /// <inheritdoc />
        public override string ToString() => $"{ReferType}: {Url}";
    }
}
