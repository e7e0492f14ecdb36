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

/// <summary>The level a member holds, and since when.</summary>
public sealed class MemberLoyaltyLevel
{
    public int UserId { get; set; }
    public int LoyaltyLevelId { get; set; }
    public DateTime DateReached { get; set; }
    public DateTime? LastReviewDate { get; set; }
    public DateTime? NextReviewDate { get; set; }
}
