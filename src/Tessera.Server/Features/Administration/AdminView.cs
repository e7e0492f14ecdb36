namespace Tessera.Server.Features.Administration;

/// <summary>An admin of a chain and its permissions there.</summary>
public sealed record AdminView(int UserId, string Username, int ChainId, List<PermissionView> Permissions);
