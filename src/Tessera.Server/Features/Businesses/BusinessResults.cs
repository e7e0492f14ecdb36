namespace Tessera.Server.Features.Businesses;

public sealed record BusinessResults(BusinessView Business);

public sealed record BusinessListResults(IReadOnlyList<BusinessView> Businesses);
