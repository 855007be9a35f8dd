using KlingO1.WebApi.Storage;

namespace KlingO1.WebApi.Webhooks;

/// <summary>
/// The webhook replay store on the <c>webhook_events</c> table: an event processed by any instance of the fleet is
/// acknowledged by every other without being processed again.
/// </summary>
internal sealed class DatabaseWebhookReplayStore : IKlingWebhookReplayStore
{
    private readonly IJobStore _store;
    private readonly TimeProvider _time;

    public DatabaseWebhookReplayStore(IJobStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    public async ValueTask<bool> IsProcessedAsync(string eventId, CancellationToken cancellationToken = default)
        => await _store.IsEventProcessedAsync(eventId, cancellationToken);

    public async ValueTask MarkProcessedAsync(string eventId, CancellationToken cancellationToken = default)
        => await _store.MarkEventProcessedAsync(eventId, _time.GetUtcNow(), cancellationToken);
}
