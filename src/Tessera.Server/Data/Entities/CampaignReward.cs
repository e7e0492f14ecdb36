namespace Tessera.Server.Data.Entities;

/// <summary>
/// A reward a campaign granted a member for one occurrence of its event (signup, first login, profile
/// complete, referral, an interaction, a progress target). The unique (campaign, user, occurrence)
/// makes each reward happen once however often the event is replayed. A reward paid into a wallet
/// points at its ledger entry; a voucher reward waits as <see cref="Status"/> "pending" until the
/// vouchers feature issues it.
/// </summary>
public sealed class CampaignReward
{
    public long Id { get; set; }
    public int ChainId { get; set; }
    public int CampaignId { get; set; }
    public int UserId { get; set; }
    public required string Occurrence { get; set; }
    public long AmountCents { get; set; }
    public required string RewardType { get; set; }
    public required string Status { get; set; }
    public long? LedgerEntryId { get; set; }
    public DateTime CreatedAt { get; set; }
}
