namespace Tessera.Server.Features.Campaigns;

/// <summary>The results of interact-campaign.</summary>
public sealed record InteractionResults(bool Success);
