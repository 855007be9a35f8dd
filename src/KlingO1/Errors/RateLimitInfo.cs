using System;
using System.Collections.Generic;
using System.Globalization;

namespace KlingO1
{
    /// <summary>
    /// What the service's rate-limit headers said in one answer: <c>X-RateLimit-Limit</c>, <c>-Remaining</c>, <c>-Reset</c>
    /// and <c>-Category</c>. Each is <see langword="null"/> when the answer did not carry it or carried something unreadable.
    /// </summary>
    /// <remarks>
    /// The service counts submits and status reads separately (<see cref="Category"/>). The client itself follows these
    /// headers for its status reads: it starts none before <see cref="ResetsAt"/> once <see cref="Remaining"/> is 0.
    /// </remarks>
    public sealed class RateLimitInfo
    {
        internal RateLimitInfo(int? limit, int? remaining, DateTimeOffset? resetsAt, string? category)
        {
            Limit = limit;
            Remaining = remaining;
            ResetsAt = resetsAt;
            Category = category;
        }

        /// <summary>Gets the requests allowed in the service's window (<c>X-RateLimit-Limit</c>; the service states its limits per minute).</summary>
        public int? Limit { get; }

        /// <summary>Gets the requests left in the current window (<c>X-RateLimit-Remaining</c>).</summary>
        public int? Remaining { get; }

        /// <summary>
        /// Gets when the current window ends (<c>X-RateLimit-Reset</c>, read as seconds from the answer, or as a Unix time
        /// when it is one), on the client's clock.
        /// </summary>
        public DateTimeOffset? ResetsAt { get; }

        /// <summary>
        /// Gets which limit the answer counts against (<c>X-RateLimit-Category</c>): <c>async_submit</c> for submits,
        /// <c>async_query</c> for status reads; the service may add others. The API key is masked if it was echoed.
        /// </summary>
        public string? Category { get; }

        /// <inheritdoc />
        public override string ToString()
        {
            var facts = new List<string>(4);
            if (Category is not null)
            {
                facts.Add(Category);
            }

            if (Limit is { } limit)
            {
                facts.Add("limit " + limit.ToString(CultureInfo.InvariantCulture));
            }

            if (Remaining is { } remaining)
            {
                facts.Add("remaining " + remaining.ToString(CultureInfo.InvariantCulture));
            }

            if (ResetsAt is { } resetsAt)
            {
                facts.Add("resets at " + resetsAt.ToString("u", CultureInfo.InvariantCulture));
            }

            return string.Join(", ", facts);
        }
    }
}
