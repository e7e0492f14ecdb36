namespace Tessera.Server.Features.Administration;

/// <summary>What an admin may do on a chain, or on one branch of it when <see cref="BusinessId"/> is set.</summary>
public sealed record PermissionView(int ChainId, int? BusinessId, bool Read, bool Write, bool Assign, bool Delete, bool SuperUser);
