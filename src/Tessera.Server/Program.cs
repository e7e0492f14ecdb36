using Tessera.Server;
using Tessera.Server.Cli;

switch (args.Length > 0 ? args[0] : null)
{
    case "bootstrap":
        return await BootstrapCommand.RunAsync(args[1..]);
    case "chain-settings":
        return await ChainSettingsCommand.RunAsync(args[1..]);
}

var app = TesseraHost.Build(args);
await app.RunAsync();
return 0;

/// <summary>Entry point; public so the integration tests can host it.</summary>
public partial class Program;
