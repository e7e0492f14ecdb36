namespace Tessera.Server.Data.Entities;

/// <summary>A level of a chain's loyalty campaign (the campaigns feature defines campaigns and their rules).</summary>
public sealed class LoyaltyLevel
{
    public int Id { get; set; }
    public int ChainId { get; set; }
    public int CampaignId { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public int Position { get; set; }
    public bool AutomatedLevelLogic { get; set; }
}
