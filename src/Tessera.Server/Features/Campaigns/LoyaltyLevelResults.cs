namespace Tessera.Server.Features.Campaigns;

/// <summary>The loyalty_level object of the alter-loyalty-level sample.</summary>
public sealed record LoyaltyLevelView(int Id, int CampaignId, string Name, string? Description, string AutomatedLevelLogic);

public sealed record LoyaltyLevelResults(LoyaltyLevelView LoyaltyLevel);
