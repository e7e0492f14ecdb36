namespace Tessera.Server.Features.Administration;

/// <summary>A privileged client as listed: its key id and state, never its secret (only its hash is stored).</summary>
public sealed record PrivilegedKeyView(int Id, int ChainId, string KeyId, string Name, bool Active, string CreatedAt);
