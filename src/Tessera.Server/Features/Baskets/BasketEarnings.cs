using Tessera.Server.Data.Entities;

namespace Tessera.Server.Features.Baskets;

/// <summary>What a cashback campaign credits to its recipient wallet for this basket.</summary>
public sealed record Earned(Campaign Contributing, Campaign Wallet, long TotalCents);

/// <summary>Progress a progress or purchase-count campaign makes (spend in hundredths, visits or items).</summary>
public sealed record ProgressMade(Campaign Campaign, string Unit, long Delta);
