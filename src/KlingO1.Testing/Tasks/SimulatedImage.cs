namespace KlingO1.Testing
{
    /// <summary>An image a submit carried: in <c>image_urls</c> or in <c>metadata.image_list</c>.</summary>
    public sealed class SimulatedImage
    {
        internal SimulatedImage(string url, string? type)
        {
            Url = url;
            Type = type;
        }

        /// <summary>Gets the image's URL as received.</summary>
        public string Url { get; }

        /// <summary>Gets <c>first_frame</c> or <c>end_frame</c>, or <see langword="null"/> for a reference image.</summary>
        public string? Type { get; }

        /// <inheritdoc />
        public override string ToString() => Type is null ? Url : $"{Type}: {Url}";
    }
}
