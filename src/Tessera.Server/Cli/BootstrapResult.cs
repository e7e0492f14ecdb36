namespace Tessera.Server.Cli;

public sealed record BootstrapResult(int ChainId, string AppHostname, int AdminUserId, string PrivilegedKey);
