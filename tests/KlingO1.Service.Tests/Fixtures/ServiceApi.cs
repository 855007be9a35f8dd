using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace KlingO1.Service.Tests.Fixtures
{
    /// <summary>The service's endpoints as its users call them: every request carries the service key in <c>X-Api-Key</c>.</summary>
    internal sealed class ServiceApi : IDisposable
    {
        public const string KeyHeader = "X-Api-Key";
        private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

        public ServiceApi(Uri baseAddress, string apiKey)
        {
            Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
            Http.DefaultRequestHeaders.Add(KeyHeader, apiKey);
        }

        /// <summary>Gets a client that sends the key on every request.</summary>
        public HttpClient Http { get; }

        /// <summary><c>POST /videos</c>: 202 with <c>Location: /videos/{id}</c> and the queued job.</summary>
        public async Task<JobView> PostVideoAsync(string prompt, string mode = "std", int duration = 5)
        {
            using var response = await Http.PostAsJsonAsync("videos", new { prompt, mode, duration });
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST /videos answered {(int)response.StatusCode}: {body}");
            var job = JsonSerializer.Deserialize<JobView>(body, Json)!;
            Assert.Equal("/videos/" + job.Id, response.Headers.Location?.OriginalString);
            return job;
        }

        /// <summary><c>GET /videos/{id}</c>; null on 404.</summary>
        public async Task<JobView?> GetJobAsync(string id)
        {
            using var response = await Http.GetAsync("videos/" + id);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            response.EnsureSuccessStatusCode();
            return await response.Content.ReadFromJsonAsync<JobView>(Json);
        }

        /// <summary><c>GET /videos?limit=N</c>, newest first.</summary>
        public async Task<IReadOnlyList<JobView>> ListJobsAsync(int limit = 1000)
        {
            var list = await Http.GetFromJsonAsync<JobList>($"videos?limit={limit}", Json);
            return list!.Jobs;
        }

        /// <summary><c>GET /videos/{id}/video</c>: the MP4's bytes (checked to be served as video/mp4).</summary>
        public async Task<byte[]> GetVideoAsync(string id)
        {
            using var response = await Http.GetAsync($"videos/{id}/video");
            Assert.True(response.IsSuccessStatusCode, $"GET /videos/{id}/video answered {(int)response.StatusCode}");
            Assert.Equal("video/mp4", response.Content.Headers.ContentType?.MediaType);
            return await response.Content.ReadAsByteArrayAsync();
        }

        public void Dispose() => Http.Dispose();

        private sealed record JobList(IReadOnlyList<JobView> Jobs);
    }

    /// <summary>A job as the service shows it (the contract's camelCase job JSON).</summary>
    internal sealed record JobView(
        string Id,
        string Prompt,
        string Mode,
        int Duration,
        string State,
        string? TaskId,
        int Progress,
        string? Error,
        string? FinishedBy,
        string? VideoUrl,
        DateTimeOffset? CreatedAt,
        DateTimeOffset? UpdatedAt)
    {
        public bool IsFinished => State is "completed" or "failed";

        public override string ToString() => $"{Id} {State} {Progress}% task={TaskId} by={FinishedBy} error={Error}";
    }
}
