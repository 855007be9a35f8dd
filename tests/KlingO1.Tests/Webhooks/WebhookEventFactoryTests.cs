using System;

namespace KlingO1.Tests.Webhooks
{
    /// <summary><see cref="KlingVideoModelFactory.WebhookEvent"/> builds what the verifier would return, for testing handlers.</summary>
    public sealed class WebhookEventFactoryTests
    {
        private static readonly Uri VideoUrl = new("https://files.example.com/v.mp4");

        [Fact]
        public void CompletedTask_DescribesTheTask()
        {
            var done = KlingVideoModelFactory.VideoTask("video_1", VideoTaskStatus.Completed, 100, DateTimeOffset.FromUnixTimeSeconds(10),
                DateTimeOffset.FromUnixTimeSeconds(20), videoUrl: VideoUrl, clientBusinessId: "order_1", resultType: "video", videoFormat: "mp4");

            var evt = KlingVideoModelFactory.WebhookEvent(done);

            Assert.Same(done, evt.Task);
            Assert.Equal(KlingWebhookEvent.CompletedType, evt.Type);
            Assert.Equal("video_1", evt.TaskId);
            Assert.Equal("video", evt.TaskType);
            Assert.Equal("SUCCESS", evt.Status);
            Assert.Equal("order_1", evt.ClientBusinessId);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(10), evt.SubmittedAt);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(20), evt.FinishedAt);
            var output = Assert.Single(evt.Result!.Outputs);
            Assert.Equal(VideoUrl, output.Url);
            Assert.Equal("mp4", output.Format);
            Assert.False(evt.IsTest);
        }

        [Fact]
        public void FailedTask_IsAFailedEventWithItsError()
        {
            var failed = KlingVideoModelFactory.VideoTask("video_2", VideoTaskStatus.Failed, errorCode: "generation_failed", errorMessage: "no");

            var evt = KlingVideoModelFactory.WebhookEvent(failed, finishedAt: DateTimeOffset.FromUnixTimeSeconds(30));

            Assert.Equal(KlingWebhookEvent.FailedType, evt.Type);
            Assert.Equal("FAILURE", evt.Status);
            Assert.Equal("generation_failed", evt.Error!.Code);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(30), evt.FinishedAt);
            Assert.Null(evt.Result);
            Assert.Same(failed, evt.Task);
        }

        [Fact]
        public void TestAndImageEvents_CarryNoTask_AndRefuseOne()
        {
            var test = KlingVideoModelFactory.WebhookEvent(type: KlingWebhookEvent.TestType, taskType: "image");
            var image = KlingVideoModelFactory.WebhookEvent(taskType: "image",
                outputs: new[] { KlingVideoModelFactory.WebhookOutput(new Uri("https://cdn.example/r.png"), "png") });

            Assert.True(test.IsTest);
            Assert.Null(test.Task);
            Assert.Null(image.Task);
            Assert.Equal("image", image.Result!.Type);
            Assert.Throws<ArgumentException>(() => KlingVideoModelFactory.WebhookEvent(KlingVideoModelFactory.VideoTask(), taskType: "image"));
            Assert.Throws<ArgumentException>(() => KlingVideoModelFactory.WebhookEvent(KlingVideoModelFactory.VideoTask(), type: KlingWebhookEvent.TestType));
        }

        [Fact]
        public void VideoTask_NewFields_AreSet()
        {
            var task = KlingVideoModelFactory.VideoTask(lastFrameUrl: new Uri("https://files.example.com/last.png"),
                toolUsage: new System.Collections.Generic.Dictionary<string, long> { ["web_search"] = 3 });

            Assert.Equal(new Uri("https://files.example.com/last.png"), task.LastFrameUrl);
            Assert.Equal(3, task.Usage!.ToolUsage["web_search"]);
            Assert.Null(KlingVideoModelFactory.VideoTask().Usage);
        }
    }
}
