using System;

namespace KlingO1.Tests.Requests
{
    /// <summary>The webhooks page's rules for <c>callback_url</c> (task-webhooks.en.headers-and-signature), checked before sending.</summary>
    public sealed class CallbackUrlTests
    {
        [Theory]
        [InlineData("https://hooks.example.com/kling")]
        [InlineData("https://hooks.example.com/kling?job=42")]
        [InlineData("https://hooks.example.com:8443/kling")]
        [InlineData("https://hooks.example.com:443/kling")]
        [InlineData("https://hooks.example.com./kling")]
        [InlineData("https://[2606:4700::1111]/kling")]
        [InlineData("https://[2002:0808:0808::1]/kling")]
        public void CallbackUrl_PublicHttpsEndpoint_IsKept(string url)
            => Assert.Equal(new Uri(url), new VideoGenerationRequest("A cat") { CallbackUrl = new Uri(url) }.CallbackUrl);

        [Theory]
        [InlineData("http://hooks.example.com/kling", "https")]
        [InlineData("https://user:secret@hooks.example.com/kling", "user name or password")]
        [InlineData("https://hooks.example.com/kling#top", "fragment")]
        [InlineData("https://localhost/kling", "loopback")]
        [InlineData("https://api.localhost/kling", "loopback")]
        [InlineData("https://127.0.0.1/kling", "loopback")]
        [InlineData("https://10.0.0.8/kling", "private")]
        [InlineData("https://192.168.1.20/kling", "private")]
        [InlineData("https://172.20.0.1/kling", "private")]
        [InlineData("https://169.254.169.254/latest", "link-local")]
        [InlineData("https://[::1]/kling", "loopback")]
        [InlineData("https://[fe80::1]/kling", "link-local")]
        [InlineData("https://[fd00::1]/kling", "private")]
        [InlineData("https://0.0.0.0/kling", "reserved")]
        [InlineData("https://224.0.0.1/kling", "reserved")]
        [InlineData("https://hooks.example.com:22/kling", "port 22")]
        [InlineData("https://hooks.example.com:0/kling", "port 0")]
        [InlineData("https://localhost./kling", "loopback")]
        [InlineData("https://api.localhost./kling", "loopback")]
        [InlineData("https://127.0.0.1./kling", "loopback")]
        [InlineData("https://192.168.1.1./kling", "private")]
        [InlineData("https://[64:ff9b::7f00:1]/kling", "loopback")]
        [InlineData("https://[64:ff9b::a9fe:a9fe]/kling", "link-local")]
        [InlineData("https://[2002:7f00:1::]/kling", "loopback")]
        [InlineData("https://[2001:db8::1]/kling", "reserved")]
        [InlineData("https://[100::1]/kling", "reserved")]
        [InlineData("https://[2001::1]/kling", "reserved")]
        public void CallbackUrl_RefusedByThePage_ThrowsBeforeSending(string url, string named)
        {
            var ex = Assert.Throws<ArgumentException>(() => new VideoGenerationRequest("A cat") { CallbackUrl = new Uri(url) });

            Assert.Contains(named, ex.Message, StringComparison.Ordinal);
        }
    }
}
