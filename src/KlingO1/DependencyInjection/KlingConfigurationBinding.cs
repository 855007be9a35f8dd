using System;
using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace KlingO1.DependencyInjection
{
    /// <summary>
    /// Binds a configuration section onto <see cref="KlingVideoClientOptions"/>, setting by setting. Written out rather
    /// than left to Microsoft.Extensions.Configuration.Binder: its source generator (the only trim- and AOT-safe way to
    /// use it) needs the 9.0 line of Microsoft.Extensions on the .NET 10 compiler, which would lift every .NET 8 app's
    /// Microsoft.Extensions packages to 9.0 and fail the build of one that pins 8.0 (a package downgrade). This way the
    /// SDK needs only Microsoft.Extensions.Configuration.Abstractions, of the 8.0 line the rest of its graph uses.
    /// </summary>
    /// <remarks>
    /// As the binder does: a key that is absent, or empty (or blank) for a setting that is not text, leaves the default; keys the SDK
    /// does not know are ignored. Unlike it, a value that does not parse names its key and the form expected (never the
    /// value of <c>ApiKey</c>, which is text and so never fails to parse).
    /// </remarks>
    internal static class KlingConfigurationBinding
    {
        /// <summary>Sets every option that <paramref name="section"/> gives a value for.</summary>
        public static void Bind(IConfiguration section, KlingVideoClientOptions options)
        {
            if (section[nameof(options.ApiKey)] is { } apiKey)
            {
                options.ApiKey = apiKey;
            }

            if (section[nameof(options.Model)] is { Length: > 0 } model)
            {
                options.Model = model;
            }

            Set(section, nameof(options.BaseAddress), ParseUri, value => options.BaseAddress = value);
            Set(section, nameof(options.GenerateClientBusinessIds), ParseBool, value => options.GenerateClientBusinessIds = value);
            Set(section, nameof(options.RequestShape), ParseEnum<RequestShape>, value => options.RequestShape = value);

            var polling = section.GetSection(nameof(options.Polling));
            Set(polling, nameof(KlingPollingOptions.InitialDelay), ParseTimeSpan, value => options.Polling.InitialDelay = value);
            Set(polling, nameof(KlingPollingOptions.MaxInterval), ParseTimeSpan, value => options.Polling.MaxInterval = value);
            Set(polling, nameof(KlingPollingOptions.Timeout), ParseTimeSpan, value => options.Polling.Timeout = value);
            Set(polling, nameof(KlingPollingOptions.MaxStatusReadsPerSecond), ParseDouble, value => options.Polling.MaxStatusReadsPerSecond = value);
            Set(polling, nameof(KlingPollingOptions.Strategy), ParseEnum<PollingStrategy>, value => options.Polling.Strategy = value);

            var retry = section.GetSection(nameof(options.Retry));
            Set(retry, nameof(KlingRetryOptions.MaxAttempts), ParseInt, value => options.Retry.MaxAttempts = value);
            Set(retry, nameof(KlingRetryOptions.BaseDelay), ParseTimeSpan, value => options.Retry.BaseDelay = value);
            Set(retry, nameof(KlingRetryOptions.MaxDelay), ParseTimeSpan, value => options.Retry.MaxDelay = value);
            Set(retry, nameof(KlingRetryOptions.MaxRetryAfter), ParseTimeSpan, value => options.Retry.MaxRetryAfter = value);

            var timeouts = section.GetSection(nameof(options.Timeouts));
            Set(timeouts, nameof(KlingTimeoutOptions.Submit), ParseTimeSpan, value => options.Timeouts.Submit = value);
            Set(timeouts, nameof(KlingTimeoutOptions.StatusRead), ParseTimeSpan, value => options.Timeouts.StatusRead = value);
            Set(timeouts, nameof(KlingTimeoutOptions.Upload), ParseTimeSpan, value => options.Timeouts.Upload = value);
            Set(timeouts, nameof(KlingTimeoutOptions.DownloadStart), ParseTimeSpan, value => options.Timeouts.DownloadStart = value);
            Set(timeouts, nameof(KlingTimeoutOptions.DownloadIdle), ParseTimeSpan, value => options.Timeouts.DownloadIdle = value);
        }

        private static void Set<T>(IConfiguration section, string key, Func<string, (bool Ok, T Value, string Expected)> parse, Action<T> assign)
        {
            var text = section[key];
            if (string.IsNullOrWhiteSpace(text))
            {
                return;
            }

            var (ok, value, expected) = parse(text!.Trim());
            if (!ok)
            {
                var path = section is IConfigurationSection named ? named.Path + ConfigurationPath.KeyDelimiter + key : key;
                throw new InvalidOperationException($"The configuration value at '{path}' is not {expected}: '{text}'.");
            }

            assign(value);
        }

        private static (bool, TimeSpan, string) ParseTimeSpan(string text)
            => (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value), value, "a time span (for example 00:00:15 for 15 seconds)");

        private static (bool, int, string) ParseInt(string text)
            => (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value), value, "a whole number");

        private static (bool, double, string) ParseDouble(string text)
            => (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value), value, "a number (with a '.' for decimals)");

        private static (bool, bool, string) ParseBool(string text)
            => (bool.TryParse(text, out var value), value, "true or false");

        private static (bool, Uri, string) ParseUri(string text)
            => (Uri.TryCreate(text, UriKind.Absolute, out var value), value!, "an absolute URI");

        private static (bool, TEnum, string) ParseEnum<TEnum>(string text)
            where TEnum : struct, Enum
        {
            // By name only: a number would pass Enum.TryParse for any value, defined or not.
            var value = default(TEnum);
            var ok = !char.IsDigit(text[0]) && text[0] != '-' && Enum.TryParse(text, ignoreCase: true, out value) && Enum.IsDefined(typeof(TEnum), value);
            return (ok, value, "one of " + string.Join(", ", Enum.GetNames(typeof(TEnum))));
        }
    }
}
