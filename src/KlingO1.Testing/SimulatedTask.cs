using System;
using System.Collections.Generic;

namespace KlingO1.Testing
{
    /// <summary>A task the simulator created: what was asked for and when.</summary>
    public sealed class SimulatedTask
    {
        internal SimulatedTask(string id, string prompt, string mode, int durationSeconds, string? aspectRatio, IReadOnlyList<string> imageUrls, DateTimeOffset createdAt, bool willFail)
        {
            Id = id;
            Prompt = prompt;
            Mode = mode;
            DurationSeconds = durationSeconds;
            AspectRatio = aspectRatio;
            ImageUrls = imageUrls;
            CreatedAt = createdAt;
            WillFail = willFail;
        }

        /// <summary>Gets the task id.</summary>
        public string Id { get; }

        /// <summary>Gets the prompt as received.</summary>
        public string Prompt { get; }

        /// <summary>Gets the mode as received (<c>std</c> or <c>pro</c>).</summary>
        public string Mode { get; }

        /// <summary>Gets the clip length in seconds.</summary>
        public int DurationSeconds { get; }

        /// <summary>Gets the aspect ratio, when one was sent.</summary>
        public string? AspectRatio { get; }

        /// <summary>Gets the reference image URLs.</summary>
        public IReadOnlyList<string> ImageUrls { get; }

        /// <summary>Gets when the task was created, by the simulator's clock.</summary>
        public DateTimeOffset CreatedAt { get; }

        /// <summary>Gets a value indicating whether the task will end as failed (its prompt carried the failure marker).</summary>
        public bool WillFail { get; }

        /// <summary>Gets the <c>client_business_id</c> the submit carried (at the top level or in <c>metadata</c>), or null.</summary>
        public string? ClientBusinessId { get; internal init; }
    }
}
