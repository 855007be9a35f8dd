using System;
using System.CommandLine;
using System.Threading.Tasks;

namespace KlingO1.Cli.Commands
{
    /// <summary>
    /// `kling completion`: prints the shell's completion script. Each script asks `kling` itself (the parser's
    /// <c>[suggest]</c> directive), so commands, options and their values (the modes, durations and aspect ratios the SDK
    /// knows) complete without a second tool.
    /// </summary>
    internal static class CompletionCommand
    {
        public const string Notes = """
            Install:
              bash:  echo 'source <(kling completion bash)' >> ~/.bashrc
              zsh:   echo 'source <(kling completion zsh)' >> ~/.zshrc
              pwsh:  kling completion pwsh >> $PROFILE
            """;

        public const string Bash = """
            # kling completion for bash: source <(kling completion bash)
            _kling_complete() {
                local IFS=$'\n'
                COMPREPLY=( $(kling "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null) )
            }
            complete -o default -F _kling_complete kling
            """;

        public const string Zsh = """
            # kling completion for zsh: source <(kling completion zsh)
            _kling_complete() {
                local -a suggestions
                suggestions=("${(@f)$(kling "[suggest:${CURSOR}]" "${BUFFER}" 2>/dev/null)}")
                compadd -- $suggestions
            }
            compdef _kling_complete kling
            """;

        public const string PowerShell = """
            # kling completion for PowerShell: kling completion pwsh >> $PROFILE
            Register-ArgumentCompleter -Native -CommandName kling -ScriptBlock {
                param($wordToComplete, $commandAst, $cursorPosition)
                kling "[suggest:$cursorPosition]" "$commandAst" 2>$null | ForEach-Object {
                    [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
                }
            }
            """;

        public static Command Create(CliContext context)
        {
            var shell = new Argument<string>("shell") { Description = "bash, zsh or pwsh." };
            shell.CompletionSources.Add("bash", "zsh", "pwsh");
            shell.Validators.Add(result =>
            {
                if (result.Tokens.Count == 1 && result.Tokens[0].Value is not ("bash" or "zsh" or "pwsh"))
                {
                    result.AddError($"Unknown shell \"{result.Tokens[0].Value}\": use bash, zsh or pwsh.");
                }
            });
            var command = new Command("completion", "Print the shell completion script for bash, zsh or PowerShell.") { shell };
            command.SetAction(async (parse, cancellationToken) =>
            {
                var script = parse.GetValue(shell) switch
                {
                    "zsh" => Zsh,
                    "pwsh" => PowerShell,
                    _ => Bash,
                };
                await context.Out.WriteLineAsync(script.AsMemory(), cancellationToken).ConfigureAwait(false);
                return ExitCodes.Ok;
            });
            return command;
        }
    }
}
