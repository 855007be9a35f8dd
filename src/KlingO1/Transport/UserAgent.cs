namespace KlingO1.Transport
{
    /// <summary>The <c>User-Agent</c> every request of the SDK carries, to the API and the file host alike.</summary>
    internal static class UserAgent
    {
        public static readonly string Value = "KlingO1/" + (typeof(UserAgent).Assembly.GetName().Version?.ToString(3) ?? "1.0.0");
    }
}
