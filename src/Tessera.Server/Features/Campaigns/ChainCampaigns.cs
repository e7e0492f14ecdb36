using Tessera.Server.Data.Entities;

namespace Tessera.Server.Features.Campaigns;

/// <summary>A chain's active campaigns and their loyalty levels, as read at one moment.</summary>
public sealed record ChainCampaigns(Chain Chain, IReadOnlyList<Campaign> Active, IReadOnlyList<LoyaltyLevel> Levels, DateTime ReadAt);
