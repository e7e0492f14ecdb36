namespace Tessera.Server.Data.Entities;

/// <summary>A member's progress towards a progress or purchase-count campaign's target (cents, visits or items).</summary>
public sealed class CampaignProgress
{
    public int UserId { get; set; }
    public int CampaignId { get; set; }
    public long Progress { get; set; }
    public int Accomplishments { get; set; }
    public DateTime UpdatedAt { get; set; }
}
