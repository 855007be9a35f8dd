using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace KlingO1.Benchmarks;

/// <summary>
/// Issue 6, part 1: the SDK's SubmitAsync and GetTaskAsync against hand-written code and typical user code, all on the
/// same in-memory handler (no network), so only client-side work is measured. Ratios are against the hand-written baseline.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class PerCallOverheadBenchmarks
{
    private const string TaskJson = """{"id":"video_7497f4d5-3a88-44c7-923a-967fa7d941a0","object":"generation.task","model":"kling-video-o1","status":"in_progress","progress":65,"created_at":1768380222}""";

    private readonly VideoGenerationRequest _request = new("Golden hour city skyline, cinematic lens quality");
    private readonly HandSubmit _handRequest = new() { Prompt = "Golden hour city skyline, cinematic lens quality" };
    private KlingVideoClient _sdk = null!;
    private KlingVideoClient _sdkNoRetry = null!;
    private HandWrittenClient _hand = null!;
    private TypicalUserClient _typical = null!;

    [GlobalSetup]
    public void Setup()
    {
        var http = new HttpClient(new CannedHandler(System.Text.Encoding.UTF8.GetBytes(TaskJson)));
        _sdk = new KlingVideoClient(http, new KlingVideoClientOptions { ApiKey = "tk-bench" });
        _sdkNoRetry = new KlingVideoClient(http, new KlingVideoClientOptions { ApiKey = "tk-bench", Retry = new RetryOptions { MaxAttempts = 1 } });
        _hand = new HandWrittenClient(http);
        _typical = new TypicalUserClient(http);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sdk.Dispose();
        _sdkNoRetry.Dispose();
    }

    [BenchmarkCategory("Submit"), Benchmark(Baseline = true)]
    public Task<HandTask> Submit_HandWritten() => _hand.SubmitAsync(_handRequest);

    [BenchmarkCategory("Submit"), Benchmark]
    public Task<VideoTask> Submit_Sdk() => _sdk.SubmitAsync(_request);

    [BenchmarkCategory("Submit"), Benchmark]
    public Task<HandTask> Submit_TypicalUser() => _typical.SubmitAsync(_handRequest);

    [BenchmarkCategory("GetTask"), Benchmark(Baseline = true)]
    public Task<HandTask> GetTask_HandWritten() => _hand.GetTaskAsync("video_7497f4d5-3a88-44c7-923a-967fa7d941a0");

    [BenchmarkCategory("GetTask"), Benchmark]
    public Task<VideoTask> GetTask_Sdk() => _sdk.GetTaskAsync("video_7497f4d5-3a88-44c7-923a-967fa7d941a0");

    [BenchmarkCategory("GetTask"), Benchmark]
    public Task<VideoTask> GetTask_SdkWithoutRetries() => _sdkNoRetry.GetTaskAsync("video_7497f4d5-3a88-44c7-923a-967fa7d941a0");

    [BenchmarkCategory("GetTask"), Benchmark]
    public Task<HandTask> GetTask_TypicalUser() => _typical.GetTaskAsync("video_7497f4d5-3a88-44c7-923a-967fa7d941a0");
}
