using System;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Webhooks
{
    /// <summary>The recorded webhook delivery, with signatures computed by hand (openssl dgst -sha256 -hmac).</summary>
    public sealed class KlingWebhookVerifierTests
    {
        private const string EventId = "evt_01abcdef";
        private const string Timestamp = "1783953302";
        private const string CurrentSecret = "whsec_current";
        private const string PreviousSecret = "whsec_previous";

        // printf 'evt_01abcdef.1783953302.' + webhook-completed.json | openssl dgst -sha256 -hmac <secret>
        private const string SignedWithCurrent = "8d0f1b16d405c81ebe58147fd1c4c340840c6e4e6c84f6291607181c930f552f";
        private const string SignedWithPrevious = "847741b83868773b91563017b93e323e84ace1eb1c7ca34ee82cdfcaf4120a3c";

        private static readonly byte[] Body = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Payloads", "webhook-completed.json"));
        private readonly ManualClock _clock = new(DateTimeOffset.FromUnixTimeSeconds(1783953302).AddSeconds(20));

        [Fact]
        public void Verify_RecordedDelivery_ReturnsTypedEvent()
        {
            var evt = Verifier().Verify(EventId, Timestamp, "v1=" + SignedWithCurrent, Body);

            Assert.Equal(EventId, evt.Id);
            Assert.Equal("generation.completed", evt.Type);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1783953302), evt.CreatedAt);
            Assert.Equal("tsk_01abcdef", evt.Task!.Id);
            Assert.Equal(VideoTaskStatus.Completed, evt.Task.Status);
            Assert.Equal(100, evt.Task.Progress);
            Assert.Equal("order_123", evt.Task.ClientBusinessId);
            Assert.Equal(new Uri("https://files.toapis.com/videos/tsk_01abcdef/output.mp4"), evt.Task.VideoUrl);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1783953300), evt.Task.CompletedAt);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1783953300 + 86_400), evt.Task.ExpiresAt);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1783953000), evt.SubmittedAt);
        }

        [Theory]
        [InlineData("v1=" + SignedWithPrevious + ",v1=" + SignedWithCurrent)]
        [InlineData("v1=" + SignedWithCurrent + ", v1=" + SignedWithPrevious)]
        public void Verify_TwoSignaturesDuringRotation_AcceptsEitherOrder(string header)
            => Assert.Equal(EventId, Verifier().Verify(EventId, Timestamp, header, Body).Id);

        [Fact]
        public void Verify_SignedWithPreviousSecretWhileRotating_Accepted()
            => Assert.Equal(EventId, new KlingWebhookVerifier(CurrentSecret, PreviousSecret, _clock).Verify(EventId, Timestamp, "v1=" + SignedWithPrevious, Body).Id);

        [Fact]
        public void Verify_SignedWithPreviousSecretAfterRotation_Refused()
            => Assert.Throws<KlingWebhookException>(() => Verifier().Verify(EventId, Timestamp, "v1=" + SignedWithPrevious, Body));

        [Fact]
        public void Verify_TamperedBody_Refused()
        {
            var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Body).Replace("SUCCESS", "FAILURE", StringComparison.Ordinal));

            var ex = Assert.Throws<KlingWebhookException>(() => Verifier().Verify(EventId, Timestamp, "v1=" + SignedWithCurrent, tampered));

            Assert.Contains("No signature matches", ex.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("evt_other", Timestamp)]
        [InlineData(EventId, "1783953303")]
        public void Verify_TamperedIdOrTimestamp_Refused(string id, string timestamp)
            => Assert.Throws<KlingWebhookException>(() => Verifier().Verify(id, timestamp, "v1=" + SignedWithCurrent, Body));

        [Theory]
        [InlineData("")]
        [InlineData("v1=")]
        [InlineData("v1=zz")]
        [InlineData("v2=" + SignedWithCurrent)]
        [InlineData(SignedWithCurrent)]
        [InlineData("v1=" + "8D0F1B16D405C81EBE58147FD1C4C340840C6E4E6C84F6291607181C930F552")]
        public void Verify_MalformedSignatureHeader_Refused(string header)
            => Assert.Throws<KlingWebhookException>(() => Verifier().Verify(EventId, Timestamp, header, Body));

        [Theory]
        [InlineData(-301)]
        [InlineData(301)]
        public void Verify_MoreThanFiveMinutesSkew_RefusedAsStaleOrReplayed(int secondsOff)
        {
            var clock = new ManualClock(DateTimeOffset.FromUnixTimeSeconds(1783953302).AddSeconds(-secondsOff));

            var ex = Assert.Throws<KlingWebhookException>(() => new KlingWebhookVerifier(CurrentSecret, timeProvider: clock).Verify(EventId, Timestamp, "v1=" + SignedWithCurrent, Body));

            Assert.Contains("minutes off", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Verify_WithinFiveMinutes_Accepted()
        {
            var clock = new ManualClock(DateTimeOffset.FromUnixTimeSeconds(1783953302).AddSeconds(299));
            Assert.Equal(EventId, new KlingWebhookVerifier(CurrentSecret, timeProvider: clock).Verify(EventId, Timestamp, "v1=" + SignedWithCurrent, Body).Id);
        }

        [Fact]
        public void Verify_SameDeliveryTwice_BothReturnTheEvent_TheVerifierRemembersNothing()
        {
            var verifier = Verifier();

            var first = verifier.Verify(EventId, Timestamp, "v1=" + SignedWithCurrent, Body);
            var again = verifier.Verify(EventId, Timestamp, "v1=" + SignedWithCurrent, Body);

            Assert.Equal(first.Id, again.Id);
            Assert.Equal(first.Task!.Id, again.Task!.Id);
        }

        [Theory]
        [InlineData("\"status\": \"SUCCESS\"", "\"status\": \"  \"")]
        [InlineData("\"status\": \"SUCCESS\"", "\"status\": \"\"")]
        [InlineData("\"status\": \"SUCCESS\",", "")]
        public void Verify_SignedBodyWithBlankStatus_RefusedAsWebhookException(string field, string replacement)
        {
            var text = Encoding.UTF8.GetString(Body);
            Assert.Contains(field, text, StringComparison.Ordinal);
            var body = Encoding.UTF8.GetBytes(text.Replace(field, replacement, StringComparison.Ordinal));

            var ex = Assert.Throws<KlingWebhookException>(() => Verifier().Verify(EventId, Timestamp, KlingWebhookSigner.Sign(CurrentSecret, EventId, Timestamp, body), body));

            Assert.Contains("status", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Signer_MatchesTheHandComputedSignatures()
        {
            Assert.Equal("v1=" + SignedWithCurrent, KlingWebhookSigner.Sign(CurrentSecret, EventId, Timestamp, Body));
            Assert.Equal("v1=" + SignedWithPrevious, KlingWebhookSigner.Sign(PreviousSecret, EventId, DateTimeOffset.FromUnixTimeSeconds(1783953302), Body));
        }

        [Fact]
        public void Signer_RefusesEmptyParts()
        {
            Assert.Throws<ArgumentException>(() => KlingWebhookSigner.Sign("", EventId, Timestamp, Body));
            Assert.Throws<ArgumentException>(() => KlingWebhookSigner.Sign(CurrentSecret, "", Timestamp, Body));
            Assert.Throws<ArgumentException>(() => KlingWebhookSigner.Sign(CurrentSecret, EventId, "", Body));
        }

        [Fact]
        public void Verify_LargeSignedBody_IsHashedWithoutCopyingIt()
        {
            // The recorded event padded with white space to 8 MB: a copy of the body would allocate at least 8 MB.
            var text = Encoding.UTF8.GetString(Body);
            var body = Encoding.UTF8.GetBytes(text.Insert(text.IndexOf('{', StringComparison.Ordinal) + 1, new string(' ', 8 * 1024 * 1024)));
            var signature = KlingWebhookSigner.Sign(CurrentSecret, EventId, Timestamp, body);
            var verifier = Verifier();
            verifier.Verify(EventId, Timestamp, signature, body);

            var before = GC.GetAllocatedBytesForCurrentThread();
            var evt = verifier.Verify(EventId, Timestamp, signature, body);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.Equal(EventId, evt.Id);
            Assert.True(allocated < 256 * 1024, $"Verifying an 8 MB body allocated {allocated:N0} bytes.");
        }

        [Fact]
        public async Task VerifyAsync_ReadsTheStream()
        {
            using var stream = new MemoryStream(Body);

            var evt = await Verifier().VerifyAsync(EventId, Timestamp, "v1=" + SignedWithCurrent, stream);

            Assert.Equal("tsk_01abcdef", evt.Task!.Id);
        }

        [Fact]
        public async Task VerifyAsync_EndlessBody_RefusedAfterTheLimit()
        {
            var stream = new EndlessStream();

            var ex = await Assert.ThrowsAsync<KlingWebhookException>(() => Verifier().VerifyAsync(EventId, Timestamp, "v1=" + SignedWithCurrent, stream));

            Assert.Contains("larger than", ex.Message, StringComparison.Ordinal);
            Assert.InRange(stream.Served, KlingWebhookVerifier.MaxBodyBytes + 1, KlingWebhookVerifier.MaxBodyBytes + 1);
        }

        [Theory]
        [InlineData(null, Timestamp, "v1=x")]
        [InlineData(EventId, null, "v1=x")]
        [InlineData(EventId, Timestamp, null)]
        [InlineData(EventId, "yesterday", "v1=x")]
        public void Verify_MissingOrBadHeaders_Refused(string? id, string? timestamp, string? signature)
            => Assert.Throws<KlingWebhookException>(() => Verifier().Verify(id, timestamp, signature, Body));

        [Fact]
        public void Verify_SignedGarbage_RefusedAsNotAnEvent()
        {
            var garbage = Encoding.UTF8.GetBytes("not json");
            var signature = Convert.ToHexString(new System.Security.Cryptography.HMACSHA256(Encoding.UTF8.GetBytes(CurrentSecret))
                .ComputeHash(Encoding.UTF8.GetBytes(EventId + "." + Timestamp + ".not json"))).ToLowerInvariant();

            var ex = Assert.Throws<KlingWebhookException>(() => Verifier().Verify(EventId, Timestamp, "v1=" + signature, garbage));

            Assert.Contains("not JSON", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Constructor_EmptySecret_Throws()
            => Assert.Throws<ArgumentException>(() => new KlingWebhookVerifier(""));

        private KlingWebhookVerifier Verifier() => new(CurrentSecret, timeProvider: _clock);

        /// <summary>A body that never ends, counting what it served.</summary>
        private sealed class EndlessStream : AsyncReadOnlyBody
        {
            public long Served { get; private set; }

            public override ValueTask<int> ReadAsync(Memory<byte> buffer, System.Threading.CancellationToken cancellationToken = default)
            {
                buffer.Span.Fill((byte)' ');
                Served += buffer.Length;
                return new ValueTask<int>(buffer.Length);
            }
        }
    }
}
