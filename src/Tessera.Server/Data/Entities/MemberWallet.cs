namespace Tessera.Server.Data.Entities;

/// <summary>A member's balance in one wallet campaign: the sum of its ledger entries, kept in step in one transaction.</summary>
public sealed class MemberWallet
{
    public int UserId { get; set; }
    public int CampaignId { get; set; }
    public long BalanceCents { get; set; }
    public DateTime UpdatedAt { get; set; }
}
