namespace Tessera.Server.Features.Administration;

/// <summary>An app (the host name members reach the API through) of a chain.</summary>
public sealed record AppView(int Id, int ChainId, string Hostname, string Name, long? MemberNumberMax, string CreatedAt);
