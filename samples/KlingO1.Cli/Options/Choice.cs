namespace KlingO1.Cli.Options
{
    /// <summary>One value an option takes: the word typed on the command line, the SDK value, and the SDK name it goes by.</summary>
    /// <param name="Word">What the user types, for example <c>pro</c> or <c>image-urls</c>.</param>
    /// <param name="Value">The SDK's value.</param>
    /// <param name="SdkName">How the SDK's own messages name it, for example <c>VideoMode.Professional</c>.</param>
    internal sealed record Choice<T>(string Word, T Value, string SdkName);
}
