using System;
using System.Linq;

namespace KlingO1
{
    /// <summary>
    /// How long one attempt of each operation may take before it is abandoned (and, where safe, retried). The SDK does
    /// not rely on <see cref="System.Net.Http.HttpClient.Timeout"/>: its own and its dependency-injection clients have
    /// none, and an <see cref="System.Net.Http.HttpClient"/> you pass in must not be shorter than the longest of these.
    /// </summary>
    public sealed class KlingTimeoutOptions
    {
        /// <summary>Gets or sets the limit for one status read (a small answer).</summary>
        /// <value>20 seconds.</value>
        public TimeSpan StatusRead { get; set; } = TimeSpan.FromSeconds(20);

        /// <summary>
        /// Gets or sets the limit for one submit. A submit that times out may still have created a task, so it is not
        /// retried: see <see cref="VideoSubmitOutcomeUnknownException"/>.
        /// </summary>
        /// <value>60 seconds.</value>
        public TimeSpan Submit { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>Gets or sets the limit for one image upload (up to 10 MB).</summary>
        /// <value>90 seconds.</value>
        public TimeSpan Upload { get; set; } = TimeSpan.FromSeconds(90);

        /// <summary>Gets or sets the limit for the file host to start answering a download (the body then streams without a limit).</summary>
        /// <value>60 seconds.</value>
        public TimeSpan DownloadStart { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>
        /// Gets or sets how long a download may go without receiving a byte (a stalled or half-open connection) before it
        /// gives up; the video itself may take as long as it streams. Also the most a refusal's body is read for.
        /// </summary>
        /// <value>60 seconds.</value>
        public TimeSpan DownloadIdle { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>Gets the longest of the limits: an <see cref="System.Net.Http.HttpClient.Timeout"/> below it would cut requests short.</summary>
        internal TimeSpan Longest
            => new[] { StatusRead, Submit, Upload, DownloadStart }.Max();

        internal KlingTimeoutOptions Clone() => new() { StatusRead = StatusRead, Submit = Submit, Upload = Upload, DownloadStart = DownloadStart, DownloadIdle = DownloadIdle };
    }
}
