namespace Tessera.Server.Features.Campaigns;

public sealed record ProgressResult(long Progress, int Accomplished);
