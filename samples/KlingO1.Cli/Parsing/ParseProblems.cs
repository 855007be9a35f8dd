using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Linq;

namespace KlingO1.Cli.Parsing
{
    /// <summary>
    /// The first thing wrong with a command line, as one sentence in the CLI's words (the parser's own wording names its
    /// internals: "Unrecognized command or argument", "Required argument missing for option").
    /// </summary>
    internal static class ParseProblems
    {
        /// <summary>What each command's positional argument is, in a message.</summary>
        private static readonly Dictionary<string, (string Noun, string Phrase)> Arguments = new()
        {
            ["prompt"] = ("prompt", "a prompt, in quotes"),
            ["task-id"] = ("task id", "a task id"),
            ["file"] = ("file", "an image or video file"),
            ["prompts-file"] = ("file", "a file of prompts (one a line, or JSON lines)"),
            ["shell"] = ("shell", "a shell: bash, zsh or pwsh"),
        };

        /// <summary>Returns the problem, or null when the command line is fine.</summary>
        public static string? Describe(ParseResult result)
        {
            var command = result.CommandResult.Command;
            var name = CommandPath(result.CommandResult);
            if (OptionTakenAsArgument(result) is { } option)
            {
                return $"Unknown option {option} for {name}.";
            }

            if (result.Errors.Count == 0)
            {
                return null;
            }

            if (result.UnmatchedTokens.Count > 0)
            {
                var word = result.UnmatchedTokens[0];
                if (LooksLikeOption(word))
                {
                    return $"Unknown option {word} for {name}.";
                }

                if (command is RootCommand)
                {
                    return $"Unknown command \"{word}\": use {Commands(command)}.";
                }

                return command.Arguments.Count == 0
                    ? $"{name} takes only options (got \"{word}\")."
                    : $"{name} takes one {Noun(command.Arguments[0])}; quote it if it has spaces (got \"{word}\" as well).";
            }

            foreach (var error in result.Errors)
            {
                if (error.SymbolResult is OptionResult option2)
                {
                    var optionName = option2.IdentifierToken?.Value ?? option2.Option.Name;
                    if (option2.Tokens.Count == 0)
                    {
                        return $"{optionName} needs a value.";
                    }

                    if (option2.Tokens.Count > 1 && option2.Option.Arity.MaximumNumberOfValues == 1)
                    {
                        return $"{option2.Option.Name} was given {option2.Tokens.Count} times ({string.Join(", ", option2.Tokens.Select(t => t.Value))}); give it once.";
                    }
                }
            }

            if (command is RootCommand && result.CommandResult.Children.All(c => c is not CommandResult))
            {
                return $"Tell kling what to do: kling <command>, one of {Commands(command)}.";
            }

            foreach (var argument in command.Arguments)
            {
                if (result.GetResult(argument) is not ArgumentResult given || given.Tokens.Count == 0)
                {
                    return $"{name} needs {Phrase(argument)}.";
                }
            }

            return result.Errors[0].Message;
        }

        /// <summary>Returns "kling generate" for the command that was parsed.</summary>
        public static string CommandPath(CommandResult result)
        {
            var names = new List<string>();
            for (SymbolResult? at = result; at is CommandResult command; at = at.Parent)
            {
                names.Insert(0, command.Command is RootCommand ? "kling" : command.Command.Name);
            }

            return string.Join(" ", names);
        }

        private static string Phrase(Argument argument) => Arguments.TryGetValue(argument.Name, out var known) ? known.Phrase : "<" + argument.Name + ">";

        private static string Noun(Argument argument) => Arguments.TryGetValue(argument.Name, out var known) ? known.Noun : argument.Name;

        private static string Commands(Command root) => string.Join(", ", root.Subcommands.Where(c => !c.Hidden).Select(c => c.Name));

        private static bool LooksLikeOption(string word) => word.Length > 1 && word[0] == '-' && !char.IsAsciiDigit(word[1]);

        /// <summary>
        /// An option this command does not have, taken as its positional value (`kling generate --verbose "A cat"`): the
        /// parser passes such a word on as an argument. After `--` it is a value, as POSIX says.
        /// </summary>
        private static string? OptionTakenAsArgument(ParseResult result)
        {
            var afterDoubleDash = result.Tokens.SkipWhile(t => t.Type != TokenType.DoubleDash).Where(t => t.Type == TokenType.Argument).Select(t => t.Value).ToHashSet();
            foreach (var child in result.CommandResult.Children)
            {
                if (child is ArgumentResult argument)
                {
                    foreach (var token in argument.Tokens)
                    {
                        if (LooksLikeOption(token.Value) && !afterDoubleDash.Contains(token.Value))
                        {
                            return token.Value;
                        }
                    }
                }
            }

            return null;
        }
    }
}
