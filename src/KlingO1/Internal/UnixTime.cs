using System;
using System.Text.Json;

namespace KlingO1.Internal
{
    /// <summary>Reads the Unix times (whole seconds) the service writes in answers and events.</summary>
    internal static class UnixTime
    {
        /// <exception cref="JsonException">The value is outside what <see cref="DateTimeOffset"/> holds.</exception>
        public static DateTimeOffset? FromSeconds(long? seconds)
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
