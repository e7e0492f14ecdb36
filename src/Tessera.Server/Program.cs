using Tessera.Server;
using Tessera.Server.Cli;

if (args.Length > 0 && args[0] == "bootstrap")
{
    return await BootstrapCommand.RunAsync(args[1..]);
}

var app = TesseraHost.Build(args);
await app.RunAsync();
return 0;

/// <summary>Entry point; public so the integration tests can host it.</summary>
public partial class Program;
