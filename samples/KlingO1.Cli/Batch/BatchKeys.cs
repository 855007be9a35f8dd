using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using KlingO1.Cli.Options;
using KlingO1.Cli.Requests;

namespace KlingO1.Cli.Batch
{
    /// <summary>
    /// The ids that make a batch resumable: each item's key (a fingerprint of its request, so an edited or reordered file
    /// still finds its items), and the business id each submit carries, derived from the journal's batch id and the key
    /// (so it is known, and journaled, before the submit, and the task can be looked up by it after a crash).
    /// </summary>
    internal static class BatchKeys
    {
        /// <summary>Returns a new batch id, written once to the journal's first line.</summary>
        public static string NewBatchId() => Guid.NewGuid().ToString("N")[..12];

        /// <summary>Returns the key of the <paramref name="occurrence"/>-th item (from 1) with this request.</summary>
        public static string Key(RequestSpec spec, int occurrence)
            => Fingerprint(spec) + "-" + occurrence.ToString(CultureInfo.InvariantCulture);

        /// <summary>Returns the <c>client_business_id</c> of an item's <paramref name="attempt"/>-th submit (from 1).</summary>
        public static string BusinessId(string batchId, string key, int attempt)
            => "kling-" + batchId + "-" + key + (attempt > 1 ? "-r" + attempt.ToString(CultureInfo.InvariantCulture) : string.Empty);

        /// <summary>Returns 16 hex digits of the SHA-256 of everything that makes the request (its defaults applied).</summary>
        public static string Fingerprint(RequestSpec spec)
        {
            var text = new StringBuilder()
                .Append(spec.Prompt).Append('\n')
                .Append((spec.Mode ?? Choices.DefaultMode)?.Value).Append('\n')
                .Append((spec.Duration ?? Choices.DefaultDuration)?.Seconds.ToString(CultureInfo.InvariantCulture)).Append('\n')
                .Append(spec.AspectRatio?.Value).Append('\n')
                .Append(string.Join('\u001f', spec.Images)).Append('\n')
                .Append(spec.FirstFrame).Append('\n')
                .Append(spec.EndFrame).Append('\n')
                .Append(string.Join('\u001f', spec.Elements)).Append('\n')
                .Append(spec.Video).Append('\n')
                .Append(spec.Video is null ? string.Empty : spec.VideoType.ToString());
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
        }
    }
}
