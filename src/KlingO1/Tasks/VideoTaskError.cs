namespace KlingO1
{
    /// <summary>Why a task failed, as the service reports it.</summary>
    public sealed class VideoTaskError
    {
        internal VideoTaskError(string? code, string? message)
        {
            Code = code;
            Message = message;
        }

        /// <summary>Gets the service's error code, for example <c>generation_failed</c>; a numeric code is given as text.</summary>
        public string? Code { get; }

        /// <summary>Gets the service's explanation, for example a content-policy refusal.</summary>
        public string? Message { get; }

        /// <inheritdoc />
        public override string ToString() => (Code, Message) switch
        {
            (null, null) => "unknown error",
            (null, _) => Message!,
            (_, null) => Code,
            _ => $"{Code}: {Message}",
        };
    }
}
