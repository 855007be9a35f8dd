using System.Reflection;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using KlingO1.Transport.Operations;
using Polly;

namespace KlingO1.Benchmarks;

/// <summary>
/// Issue 6, part 1: the SDK's SubmitAsync and GetTaskAsync against hand-written code and typical user code, all on the
/// same in-memory handler (no network), so only client-side work is measured. Ratios are against the hand-written baseline.
/// Reference rows: the hand-written client with a per-call timeout (what the one per-call duty the baseline skips costs
/// by itself), the SDK without its retry strategy (Retry.MaxAttempts = 1), and the SDK with its Polly pipelines emptied
/// (what Polly's retry and timeout strategies cost in place; not a configuration a user can choose).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class PerCallOverheadBenchmarks
{
    private const string TaskJson = """{"id":"video_7497f4d5-3a88-44c7-923a-967fa7d941a0","object":"generation.task","model":"kling-video-o1","status":"in_progress","progress":65,"created_at":1768380222}""";
    private const string TaskId = "video_7497f4d5-3a88-44c7-923a-967fa7d941a0";

    private readonly VideoGenerationRequest _request = new("Golden hour city skyline, cinematic lens quality");
    private readonly HandSubmit _handRequest = new() { Prompt = "Golden hour city skyline, cinematic lens quality" };
    private KlingVideoClient _sdk = null!;
    private KlingVideoClient _sdkNoRetry = null!;
    private KlingVideoClient _sdkNoStrategies = null!;
    private HandWrittenClient _hand = null!;
    private HandWrittenClient _handWithTimeout = null!;
    private TypicalUserClient _typical = null!;

    [GlobalSetup]
    public void Setup()
    {
        var http = new HttpClient(new CannedHandler(System.Text.Encoding.UTF8.GetBytes(TaskJson)));
        var canned = new CannedHandler(System.Text.Encoding.UTF8.GetBytes(TaskJson));
        _sdk = new KlingVideoClient(canned, new KlingVideoClientOptions { ApiKey = "tk-bench" });
        _sdkNoRetry = new KlingVideoClient(canned, new KlingVideoClientOptions { ApiKey = "tk-bench", Retry = new KlingRetryOptions { MaxAttempts = 1 } });
        _sdkNoStrategies = WithoutPollyStrategies(new KlingVideoClient(canned, new KlingVideoClientOptions { ApiKey = "tk-bench" }));
        _hand = new HandWrittenClient(http);
        _handWithTimeout = new HandWrittenClient(http, new KlingTimeoutOptions().StatusRead);
        _typical = new TypicalUserClient(http);
        EnsureSameSubmitBody();
    }

    /// <summary>Like with like: every contender sends the same JSON bytes (and all read the same canned answer).</summary>
    private void EnsureSameSubmitBody()
    {
        var sdk = SubmitBody(http => new KlingVideoClient(http, new KlingVideoClientOptions { ApiKey = "tk-bench" }, TimeProvider.System).StartGenerationAsync(_request));
        var hand = SubmitBody(http => new HandWrittenClient(http).SubmitAsync(_handRequest));
        var handWithTimeout = SubmitBody(http => new HandWrittenClient(http, new KlingTimeoutOptions().Submit).SubmitAsync(_handRequest));
        var typical = SubmitBody(http => new TypicalUserClient(http).SubmitAsync(_handRequest));
        if (sdk != hand || sdk != handWithTimeout || sdk != typical)
        {
            throw new InvalidOperationException($"The contenders send different bodies:\n{sdk}\n{hand}\n{handWithTimeout}\n{typical}");
        }
    }

    private static string SubmitBody(Func<HttpClient, Task> submit)
    {
        var recorder = new RecordingHandler(System.Text.Encoding.UTF8.GetBytes(TaskJson));
        submit(new HttpClient(recorder)).GetAwaiter().GetResult();
        return recorder.LastBody!;
    }

    /// <summary>
    /// Replaces the client's submit and status-read pipelines with Polly's empty pipeline, so the row differs from the SDK's
    /// by exactly the retry and timeout strategies. Reaches into private fields: a measuring aid only.
    /// </summary>
    private static KlingVideoClient WithoutPollyStrategies(KlingVideoClient client)
    {
        const BindingFlags Private = BindingFlags.NonPublic | BindingFlags.Instance;
        var transport = client.Engine.Transport;
        var pipelines = transport.GetType().GetField("_pipelines", Private)?.GetValue(transport);
        var byOperation = pipelines?.GetType().GetField("_pipelines", Private)?.GetValue(pipelines) as ResiliencePipeline<HttpResponseMessage>[]
            ?? throw new InvalidOperationException("The client no longer keeps its pipelines where this benchmark looks for them.");
        foreach (var operation in new[] { ApiOperations.StatusRead, ApiOperations.Submit })
        {
            byOperation[operation.Index] = ResiliencePipeline<HttpResponseMessage>.Empty;
        }

        return client;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sdk.Dispose();
        _sdkNoRetry.Dispose();
        _sdkNoStrategies.Dispose();
    }

    [BenchmarkCategory("Submit"), Benchmark(Baseline = true)]
    public Task<HandTask> Submit_HandWritten() => _hand.SubmitAsync(_handRequest);

    [BenchmarkCategory("Submit"), Benchmark]
    public Task<HandTask> Submit_HandWrittenWithTimeout() => _handWithTimeout.SubmitAsync(_handRequest);

    [BenchmarkCategory("Submit"), Benchmark]
    public Task<VideoGenerationOperation> Submit_Sdk() => _sdk.StartGenerationAsync(_request);

    [BenchmarkCategory("Submit"), Benchmark]
    public Task<VideoGenerationOperation> Submit_SdkWithoutPollyStrategies() => _sdkNoStrategies.StartGenerationAsync(_request);

    [BenchmarkCategory("Submit"), Benchmark]
    public Task<HandTask> Submit_TypicalUser() => _typical.SubmitAsync(_handRequest);

    [BenchmarkCategory("GetTask"), Benchmark(Baseline = true)]
    public Task<HandTask> GetTask_HandWritten() => _hand.GetTaskAsync(TaskId);

    [BenchmarkCategory("GetTask"), Benchmark]
    public Task<HandTask> GetTask_HandWrittenWithTimeout() => _handWithTimeout.GetTaskAsync(TaskId);

    [BenchmarkCategory("GetTask"), Benchmark]
    public Task<VideoTask> GetTask_Sdk() => _sdk.GetTaskAsync(TaskId);

    [BenchmarkCategory("GetTask"), Benchmark]
    public Task<VideoTask> GetTask_SdkWithoutRetries() => _sdkNoRetry.GetTaskAsync(TaskId);

    [BenchmarkCategory("GetTask"), Benchmark]
    public Task<VideoTask> GetTask_SdkWithoutPollyStrategies() => _sdkNoStrategies.GetTaskAsync(TaskId);

    [BenchmarkCategory("GetTask"), Benchmark]
    public Task<HandTask> GetTask_TypicalUser() => _typical.GetTaskAsync(TaskId);
}
