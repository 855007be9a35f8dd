using System;
using System.Text;

namespace KlingO1.Testing
{
    /// <summary>
    /// One webhook event the simulator created: a task's final event, or the console's test event. Every delivery of it,
    /// retries and redeliveries included, carries this id and exactly this body.
    /// </summary>
    public sealed class SimulatorWebhookEvent
    {
        private readonly byte[] _body;

        internal SimulatorWebhookEvent(string id, string type, string taskId, Uri url, DateTimeOffset createdAt, byte[] body)
        {
            Id = id;
            Type = type;
            TaskId = taskId;
            Url = url;
            CreatedAt = createdAt;
            _body = body;
        }

        /// <summary>Gets the event id, <c>evt_sim_</c> and a number.</summary>
        public string Id { get; }

        /// <summary>Gets the event type: <c>generation.completed</c>, <c>generation.failed</c> or <c>endpoint.test</c>.</summary>
        public string Type { get; }

        /// <summary>Gets the id of the task the event reports (<c>endpoint_test</c> for the test event).</summary>
        public string TaskId { get; }

        /// <summary>Gets where the event is delivered: the submit's <c>callback_url</c>, or the configured URL.</summary>
        public Uri Url { get; }

        /// <summary>Gets when the event was created (its <c>created_at</c>), by the simulator's clock.</summary>
        public DateTimeOffset CreatedAt { get; }

        /// <summary>Gets the JSON body exactly as it is sent and signed.</summary>
        public string Body => Encoding.UTF8.GetString(_body);

        /// <summary>Gets the body's bytes, which the signatures cover.</summary>
        internal byte[] BodyBytes => _body;

        /// <inheritdoc />
        public override string ToString() => $"{Id}: {Type} {TaskId} -> {Url}";
    }
}
