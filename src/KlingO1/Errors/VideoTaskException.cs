using System;
using KlingO1.Internal;

namespace KlingO1
{
    /// <summary>The base of exceptions about one task's outcome; carries the task as last read.</summary>
    public abstract class VideoTaskException : KlingException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="task">The task.</param>
        /// <param name="message">What went wrong.</param>
        /// <exception cref="ArgumentNullException"><paramref name="task"/> is null.</exception>
        protected VideoTaskException(VideoTask task, string message)
            : base(message)
        {
            Task = Guard.NotNull(task);
        }

        /// <summary>Gets the task as last read.</summary>
        public VideoTask Task { get; }

        /// <summary>Gets the task's id.</summary>
        public string TaskId => Task.Id;
    }
}
