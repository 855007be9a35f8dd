using System;
using System.Collections.Generic;

namespace KlingO1.Media
{
    /// <summary>The URL of every piece of media a request carries, local ones already uploaded, in request order.</summary>
    internal sealed class ResolvedMedia
    {
        public static readonly ResolvedMedia None = new(Array.Empty<Uri>(), Array.Empty<Uri>(), null);

        public ResolvedMedia(IReadOnlyList<Uri> images, IReadOnlyList<Uri> elements, Uri? video)
        {
            Images = images;
            Elements = elements;
            Video = video;
        }

        public IReadOnlyList<Uri> Images { get; }

        public IReadOnlyList<Uri> Elements { get; }

        public Uri? Video { get; }
    }
}
