using System.CommandLine;
using System.Data.Common;
using Tessera.Server.Data;

namespace Tessera.Server.Cli;

/// <summary>
/// What every command shares: the <c>--json</c> option, the configuration arguments it passes on, and running its
/// work in a scope of <see cref="CliHost"/>'s services on a migrated database, printing the answer or a one-line
/// refusal on stderr (exit code 1; a bad command line is 2, see <see cref="TesseraCli"/>).
/// </summary>
internal static class CliCommand
{
    public static readonly Option<bool> Json = new("--json") { Description = "Print JSON (one line) instead of a table", Recursive = true };

    public static Command Create(string name, string description, params Option[] options)
    {
        var command = new Command(name, description) { TreatUnmatchedTokensAsErrors = false };
        foreach (var option in options)
        {
            command.Options.Add(option);
        }
        return command;
    }

    /// <summary>The configuration arguments (<c>--Section:Key value</c>) left over by the parser, for the host builder.</summary>
    public static string[] ConfigurationArguments(ParseResult parse) => [.. parse.UnmatchedTokens];

    /// <summary>The command's words as typed, e.g. <c>admins grant</c>.</summary>
    public static string FullName(ParseResult parse)
    {
        var names = new Stack<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            if (result.Command is not RootCommand)
            {
                names.Push(result.Command.Name);
            }
        }
        return string.Join(' ', names);
    }

    public static void SetWork(this Command command, Func<ParseResult, IServiceProvider, CancellationToken, Task<CliAnswer>> work, bool migrate = true) =>
        command.SetAction((parse, cancellationToken) => RunAsync(parse, FullName(parse), work, migrate, cancellationToken));

    private static async Task<int> RunAsync(ParseResult parse, string name, Func<ParseResult, IServiceProvider, CancellationToken, Task<CliAnswer>> work, bool migrate, CancellationToken cancellationToken)
    {
        CliAnswer answer;
        try
        {
            await using var host = CliHost.Build(ConfigurationArguments(parse));
            await using var scope = host.Services.CreateAsyncScope();
            if (migrate)
            {
                await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken: cancellationToken);
            }
            answer = await work(parse, scope.ServiceProvider, cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidOperationException or DbException or IOException or UnauthorizedAccessException)
        {
            answer = CliAnswer.Refuse(ex.Message.ReplaceLineEndings(" "));
        }
        if (answer.Refusal is { } why)
        {
            await Console.Error.WriteLineAsync($"{name}: {why}");
            return 1;
        }
        await CliOutput.WriteAsync(answer.Output!, parse.GetValue(Json));
        return 0;
    }
}
