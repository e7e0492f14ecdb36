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

/// <summary>A member's progress towards a progress or purchase-count campaign's target (cents, visits or items).</summary>
public sealed class CampaignProgress
{
    public int UserId { get; set; }
    public int CampaignId { get; set; }
    public long Progress { get; set; }
    public int Accomplishments { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>A LevelUp merchant access token (POST /v15/access_tokens); only its hash is kept.</summary>
public sealed class MerchantToken
{
    public long Id { get; set; }
    public required string TokenHash { get; set; }
    public int ChainId { get; set; }
    public int AdminUserId { get; set; }
    public bool GiveMerchantFundedCredit { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
}

/// <summary>One progress adjustment (LevelUp), kept for audit with its comment.</summary>
public sealed class ProgressAdjustment
{
    public long Id { get; set; }
    public int ChainId { get; set; }
    public int CampaignId { get; set; }
    public int UserId { get; set; }
    public long Adjustment { get; set; }
    public string? AuditComment { get; set; }
    public int AdminUserId { get; set; }
    public DateTime CreatedAt { get; set; }
}
