using KlingO1.Service.Tests.Fixtures;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace KlingO1.Service.Tests.Browser
{
    /// <summary>
    /// The service's page as a person uses it, in headless Chromium: enter the service key, start a video with the
    /// form, watch the job reach <c>completed</c> and its video (the MP4 fetched with the key into a blob URL) play.
    /// </summary>
    public sealed class ServicePageTests
    {
        private static readonly TimeSpan JobBound = TimeSpan.FromSeconds(90);
        private readonly ITestOutputHelper _output;

        public ServicePageTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public async Task Page_StartsAVideoWithTheForm_ShowsItCompletedAndPlaysIt()
        {
            if (!Prerequisites.Met(Chromium.Missing, _output))
            {
                return;
            }

            await ServiceScene.RunAsync(_output, new SceneOptions { TimeScale = 20 }, async scene =>
            {
                var settings = scene.SqliteSettings();
                var service = await scene.StartServiceAsync("page", settings);

                using var playwright = await Playwright.CreateAsync();
                await using var browser = await Chromium.LaunchAsync(playwright);
                var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 760 } });
                var console = new ProcessOutput();
                page.Console += (_, message) => console.Add($"console.{message.Type}: {message.Text}");
                page.PageError += (_, error) => console.Add("page error: " + error);
                try
                {
                    await UseThePageAsync(page, service, settings.ServiceApiKey);
                }
                catch
                {
                    _output.WriteLine("===== the page's console =====\n" + console);
                    throw;
                }
            });
        }

        private async Task UseThePageAsync(IPage page, ServiceProcess service, string serviceKey)
        {
            // The page may ask for the key in a prompt() or in a field: answer either way.
            page.Dialog += async (_, dialog) => await dialog.AcceptAsync(serviceKey);
            await page.GotoAsync(service.BaseAddress.AbsoluteUri);
            var keyField = page.Locator("#api-key, #service-key, #key, input[type=password]").First;
            if (await keyField.CountAsync() > 0 && await keyField.IsVisibleAsync())
            {
                await keyField.FillAsync(serviceKey);
                await keyField.PressAsync("Enter");
            }

            await page.FillAsync("#prompt", "A paper boat on a rainy street, filmed from above");
            await page.SelectOptionAsync("#mode", "std");
            await page.SelectOptionAsync("#duration", "5");
            await page.ClickAsync("#start");

            var job = page.Locator("#jobs [data-job-id]").First;
            await job.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
            var id = await job.GetAttributeAsync("data-job-id");
            Assert.Matches("^[0-9a-f]{32}$", id);
            var element = $"#jobs [data-job-id='{id}']";

            await page.WaitForSelectorAsync($"{element}[data-state='completed'] video[src^='blob:']", new PageWaitForSelectorOptions { Timeout = (float)JobBound.TotalMilliseconds });
            Assert.Equal("completed", (await service.Api.GetJobAsync(id!))?.State);

            // Headless Chromium may block autoplay: start it from script (muted, as a user's click would be allowed to).
            var play = await page.EvalOnSelectorAsync<string>($"{element} video", """
                async video => {
                    if (!video.paused) return 'playing';
                    video.muted = true;
                    try { await video.play(); return 'play() resolved'; } catch (e) { return 'play() refused: ' + e.name + ': ' + e.message; }
                }
                """);
            try
            {
                await page.WaitForFunctionAsync(
                    "selector => { const v = document.querySelector(selector); return !!v && !v.paused && v.readyState >= 2 && v.currentTime > 0; }",
                    $"{element} video",
                    new PageWaitForFunctionOptions { Timeout = 20_000 });
            }
            catch (TimeoutException)
            {
                var state = await page.EvalOnSelectorAsync<string>($"{element} video", """
                    v => JSON.stringify({ src: v.src.slice(0, 40), paused: v.paused, readyState: v.readyState, networkState: v.networkState,
                        currentTime: v.currentTime, error: v.error && (v.error.code + ' ' + v.error.message),
                        h264: v.canPlayType('video/mp4; codecs="avc1.42C015"') })
                    """);
                Assert.Fail($"The completed job's video did not play ({play}): {state}");
            }

            var screenshot = Screenshots.ResultPath("service-page.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
            _output.WriteLine($"page: job {id} completed and playing ({play}); screenshot {screenshot}");
            if (Screenshots.UpdateDocsCopy(screenshot) is { } copy)
            {
                _output.WriteLine("copied to " + copy);
            }
        }
    }
}
