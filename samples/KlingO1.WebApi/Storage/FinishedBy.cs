namespace KlingO1.WebApi.Storage;

/// <summary>How a job learnt that its task ended: whichever came first is kept.</summary>
internal static class FinishedBy
{
    /// <summary>A verified webhook event.</summary>
    public const string Webhook = "webhook";

    /// <summary>The runner's wait (status reads).</summary>
    public const string Polling = "polling";
}
