namespace KlingO1.Prompts
{
    /// <summary>One well-formed <c>&lt;&lt;&lt;image_N&gt;&gt;&gt;</c> token found in a prompt.</summary>
    /// <param name="Number">The N of the token, counted from 1 over the request's images.</param>
    /// <param name="Token">The token as written.</param>
    internal readonly record struct ImageReference(int Number, string Token);
}
