using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace KlingO1.Benchmarks;

/// <summary>
/// What a careful developer writes by hand: one HttpClient, source-generated System.Text.Json, the bearer header per
/// request, and a minimal task type. The floor the SDK is measured against. It does less than the SDK must: no time
/// limit of its own (only HttpClient.Timeout), no retries, no User-Agent or Accept header, no error mapping beyond
/// EnsureSuccessStatusCode, and it returns the wire DTO rather than an immutable model.
/// Given a timeout, it adds the one thing the SDK must do on every call that the plain baseline leaves out: a time
/// limit per call, written the usual way (a linked CancellationTokenSource with CancelAfter), so the cost of that
/// limit shows in a row of its own.
/// </summary>
public sealed class HandWrittenClient
{
    private readonly HttpClient _http;
    private readonly TimeSpan? _timeout;
    private readonly AuthenticationHeaderValue _auth = new("Bearer", "tk-bench");

    public HandWrittenClient(HttpClient http, TimeSpan? timeout = null)
    {
        _http = http;
        _timeout = timeout;
    }

    public async Task<HandTask> SubmitAsync(HandSubmit body, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://toapis.com/v1/videos/generations")
        {
            Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, HandJson.Default.HandSubmit)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = _auth;
        return await SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    public async Task<HandTask> GetTaskAsync(string id, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://toapis.com/v1/videos/generations/" + Uri.EscapeDataString(id));
        request.Headers.Authorization = _auth;
        return await SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HandTask> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var deadline = _timeout is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline?.CancelAfter(_timeout!.Value);
        var token = deadline?.Token ?? cancellationToken;
        using var response = await _http.SendAsync(request, token).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var bytes = await response.Content.ReadAsByteArrayAsync(token).ConfigureAwait(false);
        return JsonSerializer.Deserialize(bytes, HandJson.Default.HandTask)!;
    }
}

/// <summary>What a typical user writes: reflection-based JSON with options created per call.</summary>
public sealed class TypicalUserClient
{
    private readonly HttpClient _http;

    public TypicalUserClient(HttpClient http) => _http = http;

    public async Task<HandTask> SubmitAsync(HandSubmit body)
    {
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://toapis.com/v1/videos/generations")
        {
            Content = new StringContent(JsonSerializer.Serialize(body, options), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Authorization", "Bearer tk-bench");
        using var response = await _http.SendAsync(request).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        return JsonSerializer.Deserialize<HandTask>(text, options)!;
    }

    public async Task<HandTask> GetTaskAsync(string id)
    {
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://toapis.com/v1/videos/generations/" + id);
        request.Headers.Add("Authorization", "Bearer tk-bench");
        using var response = await _http.SendAsync(request).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        return JsonSerializer.Deserialize<HandTask>(text, options)!;
    }
}

public sealed class HandSubmit
{
    [JsonPropertyName("model")] public string Model { get; set; } = "kling-video-o1";
    [JsonPropertyName("prompt")] public string Prompt { get; set; } = "";
    [JsonPropertyName("mode")] public string Mode { get; set; } = "std";
    [JsonPropertyName("duration")] public int Duration { get; set; } = 5;
}

public sealed class HandTask
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("status")] public string? Status { get; set; }
    [JsonPropertyName("progress")] public int Progress { get; set; }
    [JsonPropertyName("created_at")] public long CreatedAt { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HandSubmit))]
[JsonSerializable(typeof(HandTask))]
internal sealed partial class HandJson : JsonSerializerContext
{
}
