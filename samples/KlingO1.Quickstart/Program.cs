using KlingO1;
using KlingO1.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

// Runs the first README example: against ToAPIs with TOAPIS_API_KEY (it is billed), else on the built-in simulator.
var apiKey = Environment.GetEnvironmentVariable("TOAPIS_API_KEY");
VideoTask video;
if (string.IsNullOrEmpty(apiKey))
{
    Console.WriteLine("No TOAPIS_API_KEY: running on the built-in simulator (no account, no network, nothing billed), 60 times faster than the service.");
    await using var simulator = KlingSimulator.CreateInMemory(new KlingSimulatorOptions { TimeScale = 60 });
    using var client = simulator.CreateClient();
    video = await ReadmeExamples.FirstVideoAsync(client);
}
else
{
    video = await ReadmeExamples.FirstVideoAsync(apiKey);
}

Console.WriteLine(video.VideoUrl);
return 0;

/// <summary>The README's snippets, compiled by CI so the documentation cannot drift from the API.</summary>
internal static class ReadmeExamples
{
    public static async Task<VideoTask> FirstVideoAsync(string apiKey)
    {
        // README: "A first video"
        using var client = new KlingVideoClient(apiKey);
        return await FirstVideoAsync(client);
    }

    public static async Task<VideoTask> FirstVideoAsync(IKlingVideoClient client)
    {
        var request = new VideoGenerationRequest("Golden hour city skyline, cinematic lens quality")
        {
            Mode = VideoMode.Professional,
            AspectRatio = AspectRatio.Landscape,
        };
        VideoTask video = await client.GenerateAsync(request);
        Console.WriteLine($"Ready: {video.VideoUrl} (expires {video.ExpiresAt:u})");
        return video;
    }

    public static async Task ImageToVideoAsync(IKlingVideoClient client)
    {
        // README: "Image to video"
        var request = new PromptBuilder()
            .Text("The character in ").Image("https://example.com/character.jpg")
            .Text(" walks toward the scene in ").Image("https://example.com/scene.jpg")
            .Build();
        // request.Prompt == "The character in <<<image_1>>> walks toward the scene in <<<image_2>>>"

        var portrait = new VideoGenerationRequest(
            "Person slowly turns head and smiles",
            new[] { new Uri("https://example.com/portrait.jpg") });
        // portrait.Prompt == "<<<image_1>>> Person slowly turns head and smiles"

        await client.GenerateAsync(request);
        await client.GenerateAsync(portrait);
    }

    public static async Task OmniShapeAsync(string apiKey)
    {
        // README: "Frames, subjects and a reference video (the Omni request shape)"
        using var client = new KlingVideoClient(new KlingVideoClientOptions
        {
            ApiKey = apiKey,
            RequestShape = RequestShape.Omni, // default: RequestShape.ImageUrls, the original shape
        });

        var transition = new PromptBuilder()
            .Text("Start on ").FirstFrame("https://example.com/dawn.jpg")
            .Text(", end on ").EndFrame("https://example.com/dusk.jpg")
            .Text(": a time-lapse of the harbour")
            .Build();
        transition.Duration = VideoDuration.TenSeconds;

        var hero = new SubjectElement(KlingImageSource.Parse("photos/hero.png"), type: "image", role: "subject"); // uploaded at submit
        var subject = new PromptBuilder()
            .Element(hero).Text(" walks a dog through the market in ").Image("https://example.com/market.jpg")
            .Build();
        subject.Duration = VideoDuration.FromSeconds(7);

        var edit = new PromptBuilder()
            .Text("Put the crown from ").Image("https://example.com/crown.png")
            .Text(" on the girl in ").Video(new ReferenceVideo(KlingVideoSource.Parse("clips/girl.mp4"), ReferenceVideoType.Base, keepOriginalSound: true))
            .Build();
        VideoTask edited = await client.GenerateAsync(edit);

        await client.GenerateAsync(transition);
        await client.GenerateAsync(subject);
        Console.WriteLine(edited.VideoUrl);
    }

    public static async Task OperationAsync(IKlingVideoClient client, VideoGenerationRequest request, string outputFolder)
    {
        // README: "A generation you can keep: VideoGenerationOperation"
        VideoGenerationOperation generation = await client.StartGenerationAsync(request);
        Console.WriteLine($"Started {generation.Id}");   // store Id, Mode and Duration: any process can resume it

        var progress = new Progress<VideoTask>(t => Console.WriteLine($"{t.Status} {t.Progress}%"));
        VideoTask video = await generation.WaitForCompletionAsync(progress);
        long bytes = await generation.DownloadVideoAsync(Path.Combine(outputFolder, "skyline.mp4"));
        Console.WriteLine($"{video.Id}: {bytes:N0} bytes");
    }

    public static async Task<VideoTask> OncePerJobAsync(IKlingVideoClient client, string prompt, string jobId, CancellationToken cancellationToken)
    {
        // README: "Once per job: StartGenerationOnceAsync"
        var request = new VideoGenerationRequest(prompt) { ClientBusinessId = jobId };
        VideoGenerationOperation generation = await client.StartGenerationOnceAsync(request, cancellationToken);
        VideoTask video = await generation.WaitForCompletionAsync(cancellationToken: cancellationToken);
        return video;
    }

    public static async Task ResumeAsync(IKlingVideoClient client, string storedId, VideoMode? storedMode, VideoDuration? storedDuration)
    {
        // README: "A generation you can keep: VideoGenerationOperation" (after a restart)
        VideoGenerationOperation resumed = client.ResumeGeneration(storedId, storedMode, storedDuration);
        VideoTask finished = await resumed.WaitForCompletionAsync();
        Console.WriteLine(finished.VideoUrl);
    }

    public static async Task WaitWithProgressAsync(IKlingVideoClient client, string taskId)
    {
        // README: "Waiting with progress"
        var progress = new Progress<VideoTask>(t => Console.WriteLine($"{t.Status} {t.Progress}%"));
        try
        {
            VideoTask done = await client.WaitForCompletionAsync(taskId, progress);   // any task id, from any process
            Console.WriteLine(done.VideoUrl);
        }
        catch (VideoTaskFailedException failed)
        {
            Console.WriteLine($"Failed: {failed.ErrorCode} {failed.ErrorMessage}");
        }
    }

    public static async Task WatchAsync(VideoGenerationOperation generation, CancellationToken cancellationToken)
    {
        // README: "Waiting with progress" (a stream of changes)
        await foreach (var snapshot in generation.WatchAsync(cancellationToken))
        {
            Console.WriteLine($"{snapshot.Status} {snapshot.Progress}%");   // the last one is completed or failed
        }
    }

    public static async Task LocalImagesAndSavingAsync(IKlingVideoClient client)
    {
        // README: "Local images" and "Saving the video"
        var request = new PromptBuilder()
            .Text("The hero in ").Image("photos/hero.png")
            .Text(" walks into ").Image("https://example.com/scene.jpg")
            .Build();
        VideoTask video = await client.GenerateAsync(request);

        UploadedImage uploaded = await client.UploadImageAsync("photos/hero.png");
        var again = new VideoGenerationRequest("<<<image_1>>> waves", new[] { uploaded.Url });
        await client.StartGenerationAsync(again);

        long bytes = await client.DownloadVideoAsync(video, "boat.mp4", new Progress<long>(n => Console.Write($"\r{n:N0} bytes")));
        Console.WriteLine($" saved {bytes:N0} bytes");
    }

    public static void ModelFactory()
    {
        // README: "Testing your code: the model factory"
        var done = KlingVideoModelFactory.VideoTask("video_1", VideoTaskStatus.Completed, progress: 100,
            videoUrl: new Uri("https://files.example.com/v.mp4"));
        var limited = KlingVideoModelFactory.ApiException(System.Net.HttpStatusCode.TooManyRequests, "rate_limit_exceeded",
            retryAfter: TimeSpan.FromSeconds(3));   // a KlingRateLimitException
        var failure = new VideoTaskFailedException(
            KlingVideoModelFactory.VideoTask("video_2", VideoTaskStatus.Failed, errorCode: "generation_failed"));
        Console.WriteLine($"{done} {limited.Message} {failure.Message}");
    }

    public static void Configure(IServiceCollection services, IConfiguration configuration)
    {
        // README: "Dependency injection"
        services.AddKlingVideoClient(configuration.GetSection("KlingO1"));

        // or in code:
        services.AddKlingVideoClient(options =>
        {
            options.ApiKey = Environment.GetEnvironmentVariable("TOAPIS_API_KEY");
            options.Polling.Timeout = TimeSpan.FromMinutes(15);
        });
    }

    public static void TwoApiKeys(IServiceCollection services, IConfiguration configuration, string teamBKey)
    {
        // README: "Dependency injection", two API keys
        services.AddKlingVideoClient("team-a", configuration.GetSection("KlingO1:TeamA"));
        services.AddKlingVideoClient("team-b", o => o.ApiKey = teamBKey);
    }

    public static async Task<VideoTask> NoLostTaskAsync(
        IKlingVideoClient client, VideoGenerationRequest request, IProgress<VideoTask> progress, CancellationToken cancellationToken)
    {
        // README: "No lost task after a billed submit"
        VideoTask video;
        try
        {
            video = await client.GenerateAsync(request, progress, cancellationToken);
        }
        catch (VideoTaskWaitException ex) // a timeout too
        {
            video = await client.WaitForCompletionAsync(ex.TaskId); // the task went on at the service
        }
        catch (VideoGenerationCanceledException ex) when (ex.TaskId is not null)
        {
            Console.WriteLine($"Stopped following {ex.TaskId}; it is still billed and running.");
            throw;
        }

        return video;
    }

    public static async Task HandleErrorsAsync(IKlingVideoClient client, VideoGenerationRequest request)
    {
        // README: "Errors"
        try
        {
            await client.GenerateAsync(request);
        }
        catch (VideoTaskFailedException ex)
        {
            Console.WriteLine($"Task {ex.TaskId} failed: {ex.ErrorCode} {ex.ErrorMessage}");
        }
        catch (VideoTaskTimeoutException ex)
        {
            Console.WriteLine($"Still {ex.LastStatus} after {ex.Timeout}; resume later with task {ex.TaskId}");
        }
        catch (KlingRateLimitException ex)
        {
            Console.WriteLine($"Rate limited; safe to retry after {ex.RetryAfter}");
        }
        catch (KlingApiException ex)
        {
            Console.WriteLine($"HTTP {(int)ex.StatusCode} {ex.ErrorCode}: {ex.ErrorMessage}");
        }
    }
}

/// <summary>README: "Dependency injection", a service that takes the keyed client.</summary>
internal sealed class Renderer([FromKeyedServices("team-a")] IKlingVideoClient kling)
{
    public Task<VideoTask> RenderAsync(string prompt) => kling.GenerateAsync(new VideoGenerationRequest(prompt));
}
