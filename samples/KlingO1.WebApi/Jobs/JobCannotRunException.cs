namespace KlingO1.WebApi.Jobs;

/// <summary>
/// A job that no retry can help: its request is refused before anything is sent, or its business id turned out to be
/// another task's id. The runner marks it failed instead of letting Hangfire try again.
/// </summary>
internal sealed class JobCannotRunException : Exception
{
    public JobCannotRunException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
