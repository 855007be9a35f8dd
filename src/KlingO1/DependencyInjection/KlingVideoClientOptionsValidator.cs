using Microsoft.Extensions.Options;

namespace KlingO1.DependencyInjection
{
    /// <summary>Checks bound options at start-up with the same rules the client's constructor applies.</summary>
    internal sealed class KlingVideoClientOptionsValidator : IValidateOptions<KlingVideoClientOptions>
    {
        public ValidateOptionsResult Validate(string? name, KlingVideoClientOptions options)
        {
            var problems = options.Problems();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
