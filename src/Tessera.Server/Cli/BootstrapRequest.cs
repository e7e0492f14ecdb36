namespace Tessera.Server.Cli;

public sealed record BootstrapRequest(string ChainName, string Hostname, string AdminUsername, string AdminPassword, string Currency = "EUR");
