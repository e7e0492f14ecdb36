using System.CommandLine;

namespace Tessera.Server.Cli;

/// <summary><c>serve</c>, the default: migrates the database and serves the API until stopped.</summary>
internal static class ServeCommand
{
    public const string Name = "serve";

    public static Command Create()
    {
        var command = new Command(Name,
            "Serve the API (the default when no command is given). Migrates the database first. Other options are the server's configuration, e.g. --urls http://0.0.0.0:8080 or --Database:Provider postgres.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(CliCommand.ConfigurationArguments(parse), cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(string[] configurationArguments, CancellationToken cancellationToken)
    {
        var app = TesseraHost.Build(configurationArguments);
        await app.RunAsync();
        return 0;
    }
}
