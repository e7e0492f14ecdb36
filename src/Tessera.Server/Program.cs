using Tessera.Server.Cli;

return await TesseraCli.RunAsync(args);

/// <summary>Entry point; public so the integration tests can host it.</summary>
public partial class Program;
