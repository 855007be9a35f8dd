using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using KlingO1.Internal;
using KlingO1.Transport.Wire;

namespace KlingO1.Transport
{
    /// <summary>The one place where the service's answers (wire shapes) become public models.</summary>
    internal static class WireMapping
    {
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
                UnixTime.FromSeconds(dto.CreatedAt) ?? DateTimeOffset.FromUnixTimeSeconds(0),
                UnixTime.FromSeconds(dto.CompletedAt),
                UnixTime.FromSeconds(dto.ExpiresAt),
                HttpUrls.VideoUrl(output?.Url, dto.Id),
                ToError(dto.Error),
                dto.ClientBusinessId,
                dto.Result?.Type,
                output?.Format,
                HttpUrls.OrNull(output?.LastFrameUrl),
                TaskResultReading.ToUsage(dto.Usage),
                ToMetadata(dto.Metadata));
        }

        /// <summary>The answer's metadata, each value cloned out of the parsed document (which is not kept).</summary>
        private static IReadOnlyDictionary<string, JsonElement>? ToMetadata(Dictionary<string, JsonElement>? metadata)
            => metadata is null ? null : metadata.ToDictionary(p => p.Key, p => p.Value.Clone(), StringComparer.Ordinal);

        private static VideoTaskError? ToError(ErrorDto? error)
            => error is { Code: null, Message: null } or null ? null : new VideoTaskError(error.Code, error.Message);
    }
}
