namespace Tessera.Server.Data.Entities;

/// <summary>
/// One change of a member's loyalty level (migration 0020): its id is the <c>id</c> of its
/// shopper.loyalty-level-changed event. Written with SQL by the events feature (EventSql).
/// </summary>
public sealed class LoyaltyLevelChange
{
    public long Id { get; set; }
    public int ChainId { get; set; }
    public int UserId { get; set; }
    public int CampaignId { get; set; }
    public int LoyaltyLevelId { get; set; }
    public int? PreviousLoyaltyLevelId { get; set; }
    public required string LogMessage { get; set; }
    public int? MutationOwnerId { get; set; }
    public DateTime CreatedAt { get; set; }
}
