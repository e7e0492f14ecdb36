using System.CommandLine;
using System.CommandLine.Help;

namespace Tessera.Server.Cli;

/// <summary>
/// The executable's command line (System.CommandLine): <c>serve</c> (also when no command is given), <c>migrate</c>,
/// <c>bootstrap</c>, <c>chain-settings</c>, <c>apps</c>, <c>keys</c>, <c>admins</c>, <c>webhooks</c>, <c>import</c> and <c>backup</c>, each with
/// <c>--help</c>. A bad command line (an unknown command or option, a missing or malformed value) prints one line on stderr
/// and exits 2 before anything is opened; <c>--help</c> prints the help and exits 0. Options that are not a command's
/// own are configuration keys passed to the host builder as the server takes them (<c>--Database:Provider postgres</c>;
/// any <c>--name value</c> for <c>serve</c>, such as <c>--urls</c>). See docs/cli.md and docs/adr/0040-one-command-line.md.
/// </summary>
public static class TesseraCli
{
    /// <summary>Host settings that every command passes on, besides <c>--Section:Key</c> configuration keys.</summary>
    private static readonly HashSet<string> HostKeys = new(StringComparer.OrdinalIgnoreCase) { "environment", "contentRoot", "applicationName" };

    public static async Task<int> RunAsync(string[] args)
    {
        var root = Root();
        var parse = root.Parse(args);
        if (parse.Action is not HelpAction && Problem(parse, root) is { } problem)
        {
            var command = parse.CommandResult.Command;
            var name = command == root ? "tessera" : CliCommand.FullName(parse);
            await Console.Error.WriteLineAsync($"{name}: {problem} (see '{(command == root ? "" : name + " ")}--help')");
            return 2;
        }
        // Exceptions are not caught here: the test host stops the server it builds by throwing one through it.
        return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
    }

    internal static RootCommand Root()
    {
        var root = new RootCommand("Tessera, a loyalty engine that speaks the Spaaza API. Without a command it serves (see 'serve --help').")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        root.Options.Add(CliCommand.Json);
        root.SetAction((parse, cancellationToken) => ServeCommand.RunAsync(CliCommand.ConfigurationArguments(parse), cancellationToken));
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(MigrateCommand.Create());
        root.Subcommands.Add(BootstrapCommand.Create());
        root.Subcommands.Add(ChainSettingsCommand.Create());
        root.Subcommands.Add(AppsCommand.Create());
        root.Subcommands.Add(KeysCommand.Create());
        root.Subcommands.Add(AdminsCommand.Create());
        root.Subcommands.Add(WebhooksCommand.Create());
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(BackupCommand.Create());
        return root;
    }

    /// <summary>The parser's first error, or what is wrong with the arguments it left over; null when the line is good.</summary>
    private static string? Problem(ParseResult parse, RootCommand root)
    {
        if (parse.Errors.Count > 0)
        {
            return parse.Errors[0].Message;
        }
        var command = parse.CommandResult.Command;
        var serves = command == root || command.Name == ServeCommand.Name;
        if (command.Subcommands.Count > 0 && command != root)
        {
            return parse.UnmatchedTokens.Count > 0 ? $"unknown command '{parse.UnmatchedTokens[0]}'" : "a command is required";
        }
        var tokens = parse.UnmatchedTokens;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (!token.StartsWith("--", StringComparison.Ordinal) || token.Length == 2)
            {
                return command == root && i == 0 ? $"unknown command '{token}'" : $"unexpected argument '{token}'";
            }
            var eq = token.IndexOf('=', StringComparison.Ordinal);
            var key = eq > 0 ? token[2..eq] : token[2..];
            if (!serves && !key.Contains(':', StringComparison.Ordinal) && !HostKeys.Contains(key))
            {
                return $"unknown option '--{key}'";
            }
            if (eq < 0)
            {
                if (i + 1 >= tokens.Count || tokens[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    return $"--{key} needs a value";
                }
                i++;
            }
        }
        return null;
    }
}
