using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using KlingO1.DependencyInjection;
using Microsoft.Extensions.Configuration;

namespace KlingO1.Tests.DependencyInjection
{
    /// <summary>
    /// Issue 18: <c>AddKlingVideoClient(IConfiguration)</c> binds setting by setting (no Binder package, no reflection).
    /// Every setting of the options is found by reflection here, so one added without its line in the binding fails.
    /// </summary>
    public sealed class KlingConfigurationBindingTests
    {
        private static readonly string[] NotSettings =
        {
            nameof(KlingVideoClientOptions.TimeProvider), nameof(KlingVideoClientOptions.LoggerFactory),
            nameof(KlingVideoClientOptions.StatusReadLimiter), nameof(KlingVideoClientOptions.SubmitLimiter),
        };

        [Fact]
        public void Bind_EverySettingGiven_SetsEveryOneOfThem()
        {
            var defaults = new KlingVideoClientOptions();
            var values = new Dictionary<string, string?>();
            foreach (var (path, property, owner) in Settings(defaults))
            {
                values["Kling:" + path] = OtherThan(property.PropertyType, property.GetValue(owner));
            }

            var options = new KlingVideoClientOptions();
            KlingConfigurationBinding.Bind(Section(values), options);

            foreach (var (path, property, owner) in Settings(options))
            {
                Assert.True(
                    Equals(property.GetValue(owner)?.ToString(), Normalized(property.PropertyType, values["Kling:" + path])),
                    $"{path} was not bound: {property.GetValue(owner)}, configured {values["Kling:" + path]}");
            }

            Assert.True(values.Count >= 19, $"only {values.Count} settings found");
        }

        [Fact]
        public void Bind_AbsentOrEmptyValues_LeaveTheDefaults()
        {
            var options = new KlingVideoClientOptions();
            KlingConfigurationBinding.Bind(Section(new Dictionary<string, string?>
            {
                ["Kling:Polling:MaxInterval"] = string.Empty,
                ["Kling:Retry:MaxAttempts"] = "  ",
                ["Kling:Unknown"] = "ignored",
            }), options);

            var defaults = new KlingVideoClientOptions();
            Assert.Equal(defaults.Polling.MaxInterval, options.Polling.MaxInterval);
            Assert.Equal(defaults.Retry.MaxAttempts, options.Retry.MaxAttempts);
        }

        [Theory]
        [InlineData("Polling:MaxInterval", "15s", "'Kling:Polling:MaxInterval' is not a time span")]
        [InlineData("Polling:MaxStatusReadsPerSecond", "4,5", "'Kling:Polling:MaxStatusReadsPerSecond' is not a number")]
        [InlineData("Retry:MaxAttempts", "three", "'Kling:Retry:MaxAttempts' is not a whole number")]
        [InlineData("BaseAddress", "api.example.com", "'Kling:BaseAddress' is not an absolute URI")]
        [InlineData("GenerateClientBusinessIds", "yes", "'Kling:GenerateClientBusinessIds' is not true or false")]
        [InlineData("RequestShape", "7", "'Kling:RequestShape' is not one of Auto, ImageUrls, Omni")]
        [InlineData("Polling:Strategy", "Sometimes", "'Kling:Polling:Strategy' is not one of")]
        public void Bind_ValueThatDoesNotParse_NamesTheKeyAndTheFormExpected(string key, string value, string expected)
        {
            var error = Assert.Throws<InvalidOperationException>(() => KlingConfigurationBinding.Bind(
                Section(new Dictionary<string, string?> { ["Kling:" + key] = value }), new KlingVideoClientOptions()));

            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Bind_EnumByNameInAnyCase()
        {
            var options = new KlingVideoClientOptions();
            KlingConfigurationBinding.Bind(Section(new Dictionary<string, string?> { ["Kling:RequestShape"] = "imageurls" }), options);

            Assert.Equal(RequestShape.ImageUrls, options.RequestShape);
        }

        private static IConfigurationSection Section(Dictionary<string, string?> values)
            => new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection("Kling");

        /// <summary>Every setting: a public read-write property of the options or of one of its option groups.</summary>
        private static IEnumerable<(string Path, PropertyInfo Property, object Owner)> Settings(KlingVideoClientOptions options)
        {
            foreach (var property in typeof(KlingVideoClientOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (NotSettings.Contains(property.Name))
                {
                    continue;
                }

                var group = property.GetValue(options)!;
                if (property.PropertyType.Namespace == "KlingO1" && property.PropertyType.IsClass)
                {
                    foreach (var inner in property.PropertyType.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.GetSetMethod() is not null))
                    {
                        yield return (property.Name + ":" + inner.Name, inner, group);
                    }
                }
                else if (property.CanWrite)
                {
                    yield return (property.Name, property, options);
                }
            }
        }

        private static string OtherThan(Type type, object? current)
        {
            if (type == typeof(TimeSpan))
            {
                return ((TimeSpan)current! + TimeSpan.FromSeconds(7)).ToString("c", CultureInfo.InvariantCulture);
            }

            if (type == typeof(int))
            {
                return ((int)current! + 1).ToString(CultureInfo.InvariantCulture);
            }

            if (type == typeof(double))
            {
                return ((double)current! + 1.5).ToString(CultureInfo.InvariantCulture);
            }

            if (type == typeof(bool))
            {
                return (!(bool)current!).ToString();
            }

            if (type == typeof(Uri))
            {
                return "https://kling.example.test/";
            }

            if (type.IsEnum)
            {
                return Enum.GetNames(type).First(name => name != current!.ToString());
            }

            return type == typeof(string) ? "configured-" + current : throw new InvalidOperationException($"no test value for a setting of type {type}");
        }

        private static string? Normalized(Type type, string? configured)
            => type == typeof(TimeSpan) ? TimeSpan.Parse(configured!, CultureInfo.InvariantCulture).ToString()
            : type == typeof(double) ? double.Parse(configured!, CultureInfo.InvariantCulture).ToString(CultureInfo.CurrentCulture)
            : type == typeof(Uri) ? new Uri(configured!).ToString()
            : configured;
    }
}
