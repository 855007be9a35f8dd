using System.Linq;
using KlingO1.Media;
using KlingO1.Transport.Wire;

namespace KlingO1.Engine
{
    /// <summary>
    /// Turns a request into the submit body the service reads: above Transport, which knows the wire shapes only, and
    /// the request types not at all.
    /// </summary>
    internal static class SubmitRequestMapping
    {
        /// <summary>The submit body for a request in the given shape (already checked to fit it).</summary>
        /// <param name="request">The request.</param>
        /// <param name="model">The model to ask for.</param>
        /// <param name="shape">Where the media go: <c>image_urls</c>, or the Omni lists.</param>
        /// <param name="media">The URL of every image, element and video in order, local ones already uploaded.</param>
        /// <param name="clientBusinessId">The business id to send, or null.</param>
        public static SubmitRequestDto ToWire(VideoGenerationRequest request, string model, RequestShape shape, ResolvedMedia media, string? clientBusinessId)
        {
            var omni = shape == RequestShape.Omni;
            var imageList = omni && media.Images.Count > 0 ? ToImageList(request, media) : null;
            var elementList = omni && media.Elements.Count > 0 ? ToElementList(request, media) : null;
            return new SubmitRequestDto
            {
                Model = model,
                Prompt = request.Prompt,
                ImageUrls = !omni && media.Images.Count > 0 ? media.Images.Select(u => u.AbsoluteUri).ToArray() : null,
                Mode = request.Mode?.Value,
                Duration = request.Duration?.Seconds,
                AspectRatio = request.AspectRatio?.Value,
                ClientBusinessId = clientBusinessId,
                CallbackUrl = request.CallbackUrl?.AbsoluteUri,
                VideoList = omni && request.Video is { } video && media.Video is { } videoUrl
                    ? new[]
                    {
                        new VideoListItemDto
                        {
                            VideoUrl = videoUrl.AbsoluteUri,
                            ReferType = video.Type == ReferenceVideoType.Base ? "base" : "feature",
                            KeepOriginalSound = video.KeepOriginalSound ? "yes" : "no",
                        },
                    }
                    : null,
                Audio = omni && request.GenerateAudio ? true : null,
                Metadata = imageList is null && elementList is null && request.Watermark is null
                    ? null
                    : new SubmitMetadataDto { ImageList = imageList, ElementList = elementList, Watermark = request.Watermark },
            };
        }

        private static ImageListItemDto[] ToImageList(VideoGenerationRequest request, ResolvedMedia media)
            => media.Images.Select((url, i) => new ImageListItemDto
            {
                ImageUrl = url.AbsoluteUri,
                Type = request.Images[i].Role switch
                {
                    ImageRole.FirstFrame => "first_frame",
                    ImageRole.EndFrame => "end_frame",
                    _ => null,
                },
            }).ToArray();

        private static ElementListItemDto[] ToElementList(VideoGenerationRequest request, ResolvedMedia media)
            => media.Elements.Select((url, i) => new ElementListItemDto
            {
                Url = url.AbsoluteUri,
                Type = request.Elements[i].Type,
                Role = request.Elements[i].Role,
            }).ToArray();
    }
}
