namespace Tessera.Server.Features.Webhooks;

/// <summary>Where a claimed delivery goes and the secrets that sign it, newest first (two during a rotation's grace).</summary>
public sealed record EndpointTarget(int Id, string Url, IReadOnlyList<string> Secrets);
