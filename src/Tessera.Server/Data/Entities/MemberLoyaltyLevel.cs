namespace Tessera.Server.Data.Entities;

/// <summary>The level a member holds, and since when.</summary>
public sealed class MemberLoyaltyLevel
{
    public int UserId { get; set; }
    public int LoyaltyLevelId { get; set; }
    public DateTime DateReached { get; set; }
    public DateTime? LastReviewDate { get; set; }
    public DateTime? NextReviewDate { get; set; }
}
