using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using KlingO1.Media;
using KlingO1.Transport.Wire;

namespace KlingO1.Transport
{
    /// <summary>The one place where public models and wire shapes are converted into each other.</summary>
    internal static class WireMapping
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
                Mode = request.Mode,
                Duration = request.Duration,
                AspectRatio = request.AspectRatio,
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

        /// <exception cref="JsonException">The upload answer lacks the stored file's id or an absolute URL.</exception>
        public static StoredUpload ToStoredUpload(UploadResponseDto dto)
        {
            var data = dto.Data ?? throw new JsonException("The upload answer has no \"data\".");
            if (string.IsNullOrWhiteSpace(data.Id) || !Uri.TryCreate(data.Url, UriKind.Absolute, out var url))
            {
                throw new JsonException("The upload answer lacks the file's \"id\" or an absolute \"url\".");
            }

            // The URL goes on into a billed submit: only a plain http(s) address without credentials is passed on.
            if ((url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp) || url.UserInfo.Length > 0)
            {
                throw new JsonException($"The upload answer's \"url\" is not an http(s) URL without credentials (scheme {url.Scheme}).");
            }

            return new StoredUpload(data.Id!, url, data.MimeType, data.Size);
        }

        /// <summary>Reads a balance answer: its fields under <c>data</c> when that holds any, else at the top.</summary>
        /// <exception cref="JsonException">The answer holds none of the balance fields, in either place.</exception>
        public static AccountBalance ToAccountBalance(BalanceResponseDto dto)
        {
            BalanceFieldsDto fields = dto.Data is { HasAny: true } data ? data : dto;
            if (!fields.HasAny)
            {
                throw new JsonException("The balance answer has none of remain_balance, used_balance, remain_credits, used_credits, credits_per_usd, unlimited_quota.");
            }

            return new AccountBalance(
                fields.RemainBalance, fields.UsedBalance, fields.RemainCredits, fields.UsedCredits, fields.CreditsPerUsd, fields.UnlimitedQuota ?? false);
        }

        /// <exception cref="JsonException">The task lacks what every task has (an id and a status) or has an unusable video URL.</exception>
        public static VideoTask ToVideoTask(TaskDto dto)
        {
            if (string.IsNullOrWhiteSpace(dto.Id))
            {
                throw new JsonException("The task has no \"id\".");
            }

            if (string.IsNullOrWhiteSpace(dto.Status))
            {
                throw new JsonException($"Task {dto.Id} has no \"status\".");
            }

            var output = TaskResultReading.FirstOutput(dto.Result);
            return new VideoTask(
                dto.Id!,
                dto.Model,
                new VideoTaskStatus(dto.Status!),
                dto.Progress,
                FromUnixSeconds(dto.CreatedAt) ?? DateTimeOffset.FromUnixTimeSeconds(0),
                FromUnixSeconds(dto.CompletedAt),
                FromUnixSeconds(dto.ExpiresAt),
                TaskResultReading.VideoUrl(output, dto.Id),
                ToError(dto.Error),
                dto.ClientBusinessId,
                dto.Result?.Type,
                output?.Format,
                TaskResultReading.HttpUrlOrNull(output?.LastFrameUrl),
                TaskResultReading.ToUsage(dto.Usage),
                ToMetadata(dto.Metadata));
        }

        /// <summary>The answer's metadata, each value cloned out of the parsed document (which is not kept).</summary>
        private static IReadOnlyDictionary<string, JsonElement>? ToMetadata(Dictionary<string, JsonElement>? metadata)
            => metadata is null ? null : metadata.ToDictionary(p => p.Key, p => p.Value.Clone(), StringComparer.Ordinal);

        public static VideoTaskError? ToError(ErrorDto? error)
            => error is { Code: null, Message: null } or null ? null : new VideoTaskError(error.Code, error.Message);

        /// <exception cref="JsonException">The value is outside what <see cref="DateTimeOffset"/> holds.</exception>
        public static DateTimeOffset? FromUnixSeconds(long? seconds)
        {
            if (seconds is null)
            {
                return null;
            }

            try
            {
                return DateTimeOffset.FromUnixTimeSeconds(seconds.Value);
            }
            catch (ArgumentOutOfRangeException ex)
            {
                throw new JsonException($"{seconds} is not a usable Unix time.", ex);
            }
        }
    }
}
