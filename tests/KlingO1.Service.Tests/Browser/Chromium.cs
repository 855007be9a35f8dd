using Microsoft.Playwright;

namespace KlingO1.Service.Tests.Browser
{
    /// <summary>
    /// Debian's Chromium, driven by Playwright through <c>ExecutablePath</c>: Playwright's own browser builds are never
    /// downloaded (this machine reaches no site for them), and the flags keep the browser from reaching any network.
    /// </summary>
    internal static class Chromium
    {
        public const string ExecutablePath = "/usr/bin/chromium";

        /// <summary>Null when Chromium is there; else what to install.</summary>
        public static string? Missing => File.Exists(ExecutablePath)
            ? null
            : $"Chromium is not installed at {ExecutablePath}: install it (Debian: apt-get install --no-install-recommends chromium)";

        public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = new[]
            {
                // As root (CI) Chromium's sandbox cannot start; the page is our own, served on loopback.
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            },
        });
    }
}
