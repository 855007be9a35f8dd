using System;
using System.Collections.Generic;

namespace KlingO1.Media
{
    /// <summary>
    /// Where the media of one request come from, in request order, as the uploader needs them: its reference video, its
    /// images, and its elements (each an image or a video). The request builds it; the uploader turns it into URLs.
    /// </summary>
    internal sealed class RequestMedia
    {
        public static readonly RequestMedia None = new(null, Array.Empty<MediaOrigin>(), Array.Empty<(MediaOrigin, bool)>());

        public RequestMedia(MediaOrigin? referenceVideo, IReadOnlyList<MediaOrigin> images, IReadOnlyList<(MediaOrigin Origin, bool IsVideo)> elements)
        {
            ReferenceVideo = referenceVideo;
            Images = images;
            Elements = elements;
        }

        public MediaOrigin? ReferenceVideo { get; }

        public IReadOnlyList<MediaOrigin> Images { get; }

        public IReadOnlyList<(MediaOrigin Origin, bool IsVideo)> Elements { get; }

        /// <summary>Gets a value indicating whether the request carries no media at all (most text-to-video calls).</summary>
        public bool IsEmpty => ReferenceVideo is null && Images.Count == 0 && Elements.Count == 0;
    }
}
