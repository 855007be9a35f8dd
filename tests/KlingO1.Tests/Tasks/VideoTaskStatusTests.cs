using System;
using System.Text.Json;

namespace KlingO1.Tests.Tasks
{
    public class VideoTaskStatusTests
    {
        [Fact]
        public void KnownValues_HaveServiceSpelling()
        {
            Assert.Equal("queued", VideoTaskStatus.Queued.Value);
            Assert.Equal("in_progress", VideoTaskStatus.InProgress.Value);
            Assert.Equal("completed", VideoTaskStatus.Completed.Value);
            Assert.Equal("failed", VideoTaskStatus.Failed.Value);
            Assert.Equal("in_progress", VideoTaskStatus.InProgress.ToString());
        }

        [Theory]
        [InlineData("submitted")]
        [InlineData("SUBMITTED")]
        [InlineData("Submitted")]
        public void Constructor_Submitted_EqualsQueued(string value)
        {
            var status = new VideoTaskStatus(value);

            Assert.Equal(VideoTaskStatus.Queued, status);
            Assert.True(status == VideoTaskStatus.Queued);
            Assert.Equal("queued", status.Value);
            Assert.False(status.IsTerminal);
        }

        [Theory]
        [InlineData("COMPLETED")]
        [InlineData("Completed")]
        [InlineData("completed")]
        public void Equals_DifferentCase_IsEqual(string value)
        {
            var status = new VideoTaskStatus(value);

            Assert.True(status == VideoTaskStatus.Completed);
            Assert.False(status != VideoTaskStatus.Completed);
            Assert.True(status.Equals((object)VideoTaskStatus.Completed));
            Assert.Equal(VideoTaskStatus.Completed.GetHashCode(), status.GetHashCode());
            Assert.True(status.IsTerminal);
        }

        [Fact]
        public void Equals_DifferentStatuses_AreNotEqual()
        {
            Assert.NotEqual(VideoTaskStatus.Queued, VideoTaskStatus.InProgress);
            Assert.True(VideoTaskStatus.Completed != VideoTaskStatus.Failed);
            Assert.False(VideoTaskStatus.Completed.Equals("completed"));
        }

        [Fact]
        public void Constructor_UnknownValue_IsPreservedAndNotTerminal()
        {
            var status = new VideoTaskStatus("rendering_preview");

            Assert.Equal("rendering_preview", status.Value);
            Assert.Equal("rendering_preview", status.ToString());
            Assert.False(status.IsTerminal);
            Assert.NotEqual(VideoTaskStatus.Queued, status);
            Assert.NotEqual(VideoTaskStatus.InProgress, status);
        }

        [Fact]
        public void Constructor_UnknownValue_KeepsOriginalCase()
        {
            Assert.Equal("Rendering_Preview", new VideoTaskStatus("Rendering_Preview").Value);
        }

        [Theory]
        [InlineData("completed", true)]
        [InlineData("failed", true)]
        [InlineData("FAILED", true)]
        [InlineData("queued", false)]
        [InlineData("submitted", false)]
        [InlineData("in_progress", false)]
        [InlineData("success", false)]
        public void IsTerminal_OnlyCompletedAndFailed_AreTerminal(string value, bool terminal)
        {
            Assert.Equal(terminal, new VideoTaskStatus(value).IsTerminal);
        }

        [Fact]
        public void IsTerminal_KnownStatics_MatchFinality()
        {
            Assert.True(VideoTaskStatus.Completed.IsTerminal);
            Assert.True(VideoTaskStatus.Failed.IsTerminal);
            Assert.False(VideoTaskStatus.Queued.IsTerminal);
            Assert.False(VideoTaskStatus.InProgress.IsTerminal);
        }

        [Fact]
        public void Default_IsUnknownAndNotTerminal()
        {
            var status = default(VideoTaskStatus);

            Assert.Equal("unknown", status.Value);
            Assert.False(status.IsTerminal);
        }

        [Theory]
        [InlineData("")]
        [InlineData("   ")]
        [InlineData(null)]
        public void Constructor_EmptyValue_ThrowsArgumentException(string? value)
        {
            var ex = Assert.Throws<ArgumentException>(() => new VideoTaskStatus(value!));

            Assert.Equal("value", ex.ParamName);
        }

        [Theory]
        [InlineData("queued")]
        [InlineData("in_progress")]
        [InlineData("completed")]
        [InlineData("failed")]
        [InlineData("rendering_preview")]
        public void Json_RoundTrip_WritesStringAndReadsItBack(string value)
        {
            var status = new VideoTaskStatus(value);

            var json = JsonSerializer.Serialize(status);
            var back = JsonSerializer.Deserialize<VideoTaskStatus>(json);

            Assert.Equal($"\"{value}\"", json);
            Assert.Equal(status, back);
            Assert.Equal(value, back.Value);
        }

        [Fact]
        public void Json_Submitted_ReadsAsQueued()
        {
            var status = JsonSerializer.Deserialize<VideoTaskStatus>("\"submitted\"");

            Assert.Equal(VideoTaskStatus.Queued, status);
            Assert.Equal("\"queued\"", JsonSerializer.Serialize(status));
        }

        [Theory]
        [InlineData("\"\"")]
        [InlineData("0")]
        [InlineData("null")]
        public void Json_NotNonEmptyString_ThrowsJsonException(string json)
        {
            Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<VideoTaskStatus>(json));
        }
    }
}
