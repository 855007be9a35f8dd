using System.Collections.Generic;
using System.CommandLine;
using System.Linq;

namespace KlingO1.Cli.Options
{
    /// <summary>Options that take one of a set of words: parsed to the SDK's value, listed in help and offered as completions.</summary>
    internal static class ChoiceOption
    {
        /// <param name="name">The option, for example <c>--mode</c>.</param>
        /// <param name="alias">Its short form, or null.</param>
        /// <param name="description">The help text; the accepted words are shown beside the name.</param>
        /// <param name="choices">The words and what they stand for.</param>
        /// <param name="noun">What a value is called in a message ("mode" gives: Unknown mode "x": use std or pro.).</param>
        /// <param name="accepted">How the message lists the accepted words (default: "a, b or c").</param>
        public static Option<T?> Create<T>(string name, string? alias, string description, IReadOnlyList<Choice<T>> choices, string noun, string? accepted = null)
            where T : struct
        {
            var option = alias is null ? new Option<T?>(name) : new Option<T?>(name, alias);
            option.Description = description;
            option.HelpName = Choices.HelpName(choices);
            option.CustomParser = result =>
            {
                if (result.Tokens.Count != 1)
                {
                    return null; // the parser reports the count itself
                }

                var word = result.Tokens[0].Value;
                if (Choices.Find(choices, word) is { } choice)
                {
                    return choice.Value;
                }

                result.AddError($"Unknown {noun} \"{word}\": use {accepted ?? Choices.Words(choices)}.");
                return null;
            };
            option.CompletionSources.Add(choices.Select(c => c.Word).ToArray());
            return option;
        }
    }
}
