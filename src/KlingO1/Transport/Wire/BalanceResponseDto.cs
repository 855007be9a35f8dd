using System.Text.Json.Serialization;
using KlingO1.Internal.Json;

namespace KlingO1.Transport.Wire
{
    /// <summary>
    /// The fields of <c>GET /v1/balance</c> and <c>GET /v1/user/balance</c>. The docs name them but show no JSON, so they
    /// are read both at the top of the answer and inside a <c>data</c> object (how the upload endpoints wrap theirs).
    /// </summary>
    internal class BalanceFieldsDto
    {
        [JsonPropertyName("remain_balance")]
        [JsonConverter(typeof(LenientDecimalConverter))]
        public decimal? RemainBalance { get; set; }

        [JsonPropertyName("used_balance")]
        [JsonConverter(typeof(LenientDecimalConverter))]
        public decimal? UsedBalance { get; set; }

        [JsonPropertyName("remain_credits")]
        [JsonConverter(typeof(LenientDecimalConverter))]
        public decimal? RemainCredits { get; set; }

        [JsonPropertyName("used_credits")]
        [JsonConverter(typeof(LenientDecimalConverter))]
        public decimal? UsedCredits { get; set; }

        [JsonPropertyName("credits_per_usd")]
        [JsonConverter(typeof(LenientDecimalConverter))]
        public decimal? CreditsPerUsd { get; set; }

        [JsonPropertyName("unlimited_quota")]
        [JsonConverter(typeof(LenientBoolConverter))]
        public bool? UnlimitedQuota { get; set; }

        /// <summary>Gets a value indicating whether any balance field was sent.</summary>
        [JsonIgnore]
        public bool HasAny => RemainBalance is not null || UsedBalance is not null || RemainCredits is not null
            || UsedCredits is not null || CreditsPerUsd is not null || UnlimitedQuota is not null;
    }

    /// <summary>A balance answer: the fields flat, or under <c>data</c>, with a <c>success</c> flag and a <c>message</c> when refused.</summary>
    internal sealed class BalanceResponseDto : BalanceFieldsDto
    {
        [JsonPropertyName("success")]
        [JsonConverter(typeof(LenientBoolConverter))]
        public bool? Success { get; set; }

        [JsonPropertyName("message")]
        public string? Message { get; set; }

        [JsonPropertyName("data")]
        public BalanceFieldsDto? Data { get; set; }
    }
}
