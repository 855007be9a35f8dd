using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using KlingO1.Testing.Billing;
using KlingO1.Testing.Endpoints;
using KlingO1.Testing.Lifecycle;
using KlingO1.Testing.Webhooks;

namespace KlingO1.Testing
{
    /// <summary>Everything the simulator remembers: tasks, uploads and the request log. Thread-safe.</summary>
    internal sealed class SimulatorState
    {
        private readonly ConcurrentDictionary<string, SimulatedTask> _tasks = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, SimulatedTask> _byBusinessId = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, StoredUpload> _uploads = new(StringComparer.Ordinal);
        private readonly List<SimulatedTask> _taskOrder = new();
        private readonly List<ReceivedRequest> _requests = new();
        private int _nextTask;
        private int _nextUpload;

        public SimulatorState(KlingSimulatorOptions options)
        {
            Options = options;
            Account = new Account(options.StartingBalance, options.CreditsPerUsd);
            if (options.RateLimits is { } limits)
            {
                SubmitLimiter = new RateLimiter(RateLimitStanding.SubmitCategory, limits.SubmitsPerMinute, limits.SubmitBurstPer10Seconds);
                ReadLimiter = new RateLimiter(RateLimitStanding.QueryCategory, limits.ReadsPerMinute, limits.ReadBurstPer10Seconds);
            }

            Webhooks = new WebhookDispatcher(this);
            WebhooksView = new SimulatorWebhooks(Webhooks);
        }

        /// <summary>Gets the submit limiter, when limits are enforced.</summary>
        public RateLimiter? SubmitLimiter { get; }

        /// <summary>Gets the status-read limiter, when limits are enforced.</summary>
        public RateLimiter? ReadLimiter { get; }

        public KlingSimulatorOptions Options { get; }

        /// <summary>Gets the balance submits spend.</summary>
        public Account Account { get; }

        public SimulatorFaults Faults { get; } = new();

        /// <summary>Gets the webhook deliveries (none unless configured).</summary>
        public WebhookDispatcher Webhooks { get; }

        /// <summary>Gets the public face of <see cref="Webhooks"/>.</summary>
        public SimulatorWebhooks WebhooksView { get; }

        /// <summary>Gets the one model the service serves on these endpoints.</summary>
        public string Model => "kling-video-o1";

        public TimeProvider Time => Options.TimeProvider;

        /// <summary>Gets or sets the address clients reach the simulator at (known once Kestrel listens).</summary>
        public Uri BaseAddress { get; set; } = new("http://127.0.0.1/");

        public IReadOnlyList<SimulatedTask> Tasks
        {
            get
            {
                lock (_taskOrder)
                {
                    return _taskOrder.ToArray();
                }
            }
        }

        public IReadOnlyList<ReceivedRequest> Requests
        {
            get
            {
                lock (_requests)
                {
                    return _requests.ToArray();
                }
            }
        }

        public SimulatedTask CreateTask(SubmitRequestReader.Submit submit)
        {
            var number = Interlocked.Increment(ref _nextTask);
            var id = "video_sim_" + number.ToString("D6", CultureInfo.InvariantCulture);
            var willFail = Options.FailurePromptMarker.Length > 0 && submit.Prompt.Contains(Options.FailurePromptMarker, StringComparison.OrdinalIgnoreCase);
            var task = new SimulatedTask(id, submit, Time.GetUtcNow(), willFail);
            _tasks[id] = task;
            if (task.ClientBusinessId is { Length: > 0 } businessId)
            {
                // A business id sent twice reads as the newest task that carries it. An empty one names no task: it
                // would make GET /v1/videos/generations/ (no id at all) read one.
                _byBusinessId[businessId] = task;
            }

            lock (_taskOrder)
            {
                _taskOrder.Add(task);
            }

            Webhooks.TaskCreated(task);
            return task;
        }

        public bool TryGetTask(string id, out SimulatedTask task) => _tasks.TryGetValue(id, out task!);

        public bool TryGetTaskByBusinessId(string businessId, out SimulatedTask task) => _byBusinessId.TryGetValue(businessId, out task!);

        public TaskTimeline Timeline(SimulatedTask task) => new(task, Options.TimeScale);

        public StoredUpload StoreUpload(byte[] content, string mimeType, string extension)
        {
            var id = "upload_sim_" + Interlocked.Increment(ref _nextUpload).ToString("D6", CultureInfo.InvariantCulture);
            var upload = new StoredUpload(id, id + "." + extension, content, mimeType);
            _uploads[upload.FileName] = upload;
            return upload;
        }

        public bool TryGetUpload(string fileName, out StoredUpload upload) => _uploads.TryGetValue(fileName, out upload!);

        public Uri VideoUrl(SimulatedTask task) => new(BaseAddress, "files/videos/" + task.Id + "/output.mp4");

        public Uri UploadUrl(StoredUpload upload) => new(BaseAddress, "files/uploads/" + upload.FileName);

        public void Record(ReceivedRequest request)
        {
            lock (_requests)
            {
                _requests.Add(request);
            }
        }
    }

    /// <summary>An uploaded image, kept in memory and served by the file host.</summary>
    internal sealed record StoredUpload(string Id, string FileName, byte[] Content, string MimeType);
}
