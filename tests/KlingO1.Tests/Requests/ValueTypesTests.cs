using System;
using System.Collections.Generic;
using System.Text.Json;

namespace KlingO1.Tests.Requests
{
    public class ValueTypesTests
    {
        [Fact]
        public void VideoMode_KnownValues_HaveServiceSpelling()
        {
            Assert.Equal("std", VideoMode.Standard.Value);
            Assert.Equal("pro", VideoMode.Professional.Value);
            Assert.Equal("pro", VideoMode.Professional.ToString());
        }

        [Theory]
        [InlineData("STD")]
        [InlineData("Std")]
        [InlineData("std")]
        public void VideoMode_Equality_IsCaseInsensitive(string value)
        {
            var mode = new VideoMode(value);

            Assert.True(mode == VideoMode.Standard);
            Assert.False(mode != VideoMode.Standard);
            Assert.True(mode.Equals((object)VideoMode.Standard));
            Assert.Equal(VideoMode.Standard.GetHashCode(), mode.GetHashCode());
            Assert.Equal(value, mode.Value);
        }

        [Fact]
        public void VideoMode_DifferentValues_AreNotEqual()
        {
            Assert.NotEqual(VideoMode.Standard, VideoMode.Professional);
            Assert.True(VideoMode.Standard != VideoMode.Professional);
            Assert.False(VideoMode.Standard.Equals("std"));
        }

        [Fact]
        public void VideoMode_Default_HasEmptyValueAndDiffersFromStandard()
        {
            var mode = default(VideoMode);

            Assert.Equal(string.Empty, mode.Value);
            Assert.NotEqual(VideoMode.Standard, mode);
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("  ")]
        public void VideoMode_EmptyValue_ThrowsArgumentException(string? value)
        {
            var ex = Assert.Throws<ArgumentException>(() => new VideoMode(value!));
            Assert.Equal("value", ex.ParamName);
        }

        [Fact]
        public void VideoMode_UsedAsDictionaryKey_MatchesCaseInsensitively()
        {
            var prices = new Dictionary<VideoMode, int> { [VideoMode.Professional] = 2 };

            Assert.Equal(2, prices[new VideoMode("PRO")]);
        }

        [Fact]
        public void AspectRatio_KnownValues_HaveServiceSpelling()
        {
            Assert.Equal("16:9", AspectRatio.Landscape.Value);
            Assert.Equal("9:16", AspectRatio.Portrait.Value);
            Assert.Equal("1:1", AspectRatio.Square.Value);
            Assert.Equal("1:1", AspectRatio.Square.ToString());
        }

        [Fact]
        public void AspectRatio_SameValue_IsEqual()
        {
            Assert.Equal(AspectRatio.Landscape, new AspectRatio("16:9"));
            Assert.True(new AspectRatio("9:16") == AspectRatio.Portrait);
            Assert.True(AspectRatio.Landscape != AspectRatio.Portrait);
        }

        [Fact]
        public void AspectRatio_FutureValue_IsCaseInsensitive()
        {
            Assert.Equal(new AspectRatio("auto"), new AspectRatio("AUTO"));
            Assert.Equal(new AspectRatio("auto").GetHashCode(), new AspectRatio("AUTO").GetHashCode());
        }

        [Fact]
        public void AspectRatio_Default_HasEmptyValue()
        {
            Assert.Equal(string.Empty, default(AspectRatio).Value);
            Assert.NotEqual(AspectRatio.Landscape, default);
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData(" ")]
        public void AspectRatio_EmptyValue_ThrowsArgumentException(string? value)
        {
            Assert.Throws<ArgumentException>(() => new AspectRatio(value!));
        }

        [Theory]
        [InlineData(5)]
        [InlineData(10)]
        public void VideoDuration_FromSecondsFiveOrTen_ReturnsKnownValue(int seconds)
        {
            var duration = VideoDuration.FromSeconds(seconds);

            Assert.Equal(seconds, duration.Seconds);
            Assert.Equal(TimeSpan.FromSeconds(seconds), duration.Length);
            Assert.Equal(seconds == 5 ? VideoDuration.FiveSeconds : VideoDuration.TenSeconds, duration);
        }

        [Theory]
        [InlineData(3)]
        [InlineData(7)]
        [InlineData(10)]
        public void VideoDuration_FromSecondsThreeToTen_KeepsTheLength(int seconds)
        {
            var duration = VideoDuration.FromSeconds(seconds);

            Assert.Equal(seconds, duration.Seconds);
            Assert.Equal(seconds + " s", duration.ToString());
            Assert.Equal(VideoDuration.FromSeconds(seconds), duration);
        }

        [Theory]
        [InlineData(2)]
        [InlineData(11)]
        [InlineData(0)]
        [InlineData(-5)]
        public void VideoDuration_FromSecondsOtherValue_ThrowsArgumentOutOfRangeException(int seconds)
        {
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => VideoDuration.FromSeconds(seconds));

            Assert.Equal("seconds", ex.ParamName);
            Assert.Equal(seconds, ex.ActualValue);
        }

        [Fact]
        public void VideoDuration_Default_IsZeroAndDiffersFromKnownValues()
        {
            var duration = default(VideoDuration);

            Assert.Equal(0, duration.Seconds);
            Assert.NotEqual(VideoDuration.FiveSeconds, duration);
            Assert.NotEqual(VideoDuration.TenSeconds, duration);
        }

        [Fact]
        public void VideoDuration_Equality_ComparesSeconds()
        {
            Assert.True(VideoDuration.FromSeconds(10) == VideoDuration.TenSeconds);
            Assert.True(VideoDuration.FiveSeconds != VideoDuration.TenSeconds);
            Assert.Equal(VideoDuration.FiveSeconds.GetHashCode(), VideoDuration.FromSeconds(5).GetHashCode());
            Assert.Equal("10 s", VideoDuration.TenSeconds.ToString());
        }

        [Theory]
        [InlineData("std")]
        [InlineData("pro")]
        public void VideoMode_JsonRoundTrip_WritesStringAndReadsItBack(string value)
        {
            var mode = new VideoMode(value);

            var json = JsonSerializer.Serialize(mode);
            var back = JsonSerializer.Deserialize<VideoMode>(json);

            Assert.Equal($"\"{value}\"", json);
            Assert.Equal(mode, back);
            Assert.Equal(value, back.Value);
        }

        [Theory]
        [InlineData("16:9")]
        [InlineData("9:16")]
        [InlineData("1:1")]
        public void AspectRatio_JsonRoundTrip_WritesStringAndReadsItBack(string value)
        {
            var ratio = new AspectRatio(value);

            var json = JsonSerializer.Serialize(ratio);
            var back = JsonSerializer.Deserialize<AspectRatio>(json);

            Assert.Equal($"\"{value}\"", json);
            Assert.Equal(ratio, back);
        }

        [Fact]
        public void AspectRatio_NullableJsonRoundTrip_KeepsNull()
        {
            var json = JsonSerializer.Serialize<AspectRatio?>(null);

            Assert.Equal("null", json);
            Assert.Null(JsonSerializer.Deserialize<AspectRatio?>(json));
            Assert.Equal(AspectRatio.Square, JsonSerializer.Deserialize<AspectRatio?>("\"1:1\""));
        }

        [Theory]
        [InlineData(5)]
        [InlineData(10)]
        public void VideoDuration_JsonRoundTrip_WritesNumberAndReadsItBack(int seconds)
        {
            var duration = VideoDuration.FromSeconds(seconds);

            var json = JsonSerializer.Serialize(duration);
            var back = JsonSerializer.Deserialize<VideoDuration>(json);

            Assert.Equal(seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), json);
            Assert.Equal(duration, back);
        }

        [Theory]
        [InlineData("\"5\"")]
        [InlineData("5.5")]
        [InlineData("null")]
        public void VideoDuration_JsonNotWholeNumber_ThrowsJsonException(string json)
        {
            Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<VideoDuration>(json));
        }

        [Theory]
        [InlineData("\"\"")]
        [InlineData("\"  \"")]
        [InlineData("5")]
        [InlineData("null")]
        public void VideoMode_JsonNotNonEmptyString_ThrowsJsonException(string json)
        {
            Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<VideoMode>(json));
        }

        [Fact]
        public void ValueTypes_InObject_SerializeAsServiceValues()
        {
            var json = JsonSerializer.Serialize(new Payload(VideoMode.Professional, VideoDuration.TenSeconds, AspectRatio.Portrait));

            Assert.Equal("{\"Mode\":\"pro\",\"Duration\":10,\"Ratio\":\"9:16\"}", json);
            var back = JsonSerializer.Deserialize<Payload>(json)!;
            Assert.Equal(VideoMode.Professional, back.Mode);
            Assert.Equal(VideoDuration.TenSeconds, back.Duration);
            Assert.Equal(AspectRatio.Portrait, back.Ratio);
        }

        public sealed record Payload(VideoMode Mode, VideoDuration Duration, AspectRatio? Ratio);
    }
}
