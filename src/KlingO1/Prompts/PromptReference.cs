namespace KlingO1.Prompts
{
    /// <summary>What a prompt reference points into: the request's images, elements or reference video.</summary>
    internal enum ReferenceKind
    {
        Image,
        Element,
        Video,
    }

    /// <summary>One well-formed <c>&lt;&lt;&lt;kind_N&gt;&gt;&gt;</c> token found in a prompt.</summary>
    /// <param name="Kind">Which list the token numbers into.</param>
    /// <param name="Number">The N of the token, counted from 1 over that list.</param>
    /// <param name="Token">The token as written.</param>
    internal readonly record struct PromptReference(ReferenceKind Kind, int Number, string Token);
}
