namespace KlingO1.WebApi.Endpoints;

/// <summary>The body of <c>GET /videos</c>: the newest jobs first.</summary>
internal sealed record JobList(IReadOnlyList<JobResponse> Jobs);
