namespace Tessera.Server.Data.Entities;

/// <summary>
/// A campaign of a chain. The columns are what queries select on; everything else of the campaign
/// object (type-specific settings, localisations, levels and rules as sent) is the JSON <see cref="Config"/>.
/// </summary>
public sealed class Campaign
{
    public int Id { get; set; }
    public int ChainId { get; set; }
    public required string Type { get; set; }
    public required string Title { get; set; }
    public bool Active { get; set; }
    public int? CurrencyId { get; set; }
    public required string Config { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>A member's balance in one wallet campaign: the sum of its ledger entries, kept in step in one transaction.</summary>
public sealed class MemberWallet
{
    public int UserId { get; set; }
    public int CampaignId { get; set; }
    public long BalanceCents { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>One immutable wallet or points mutation. Corrections are new entries.</summary>
public sealed class LedgerEntry
{
    public long Id { get; set; }
    public int ChainId { get; set; }
    public int UserId { get; set; }
    public int WalletCampaignId { get; set; }
    public long AmountCents { get; set; }
    public required string Kind { get; set; }
    public int? ContributingCampaignId { get; set; }
    public long? BasketId { get; set; }
    public long? ReceiptId { get; set; }
    public string? RetailerBasketCode { get; set; }
    public string? LogMessage { get; set; }

    /// <summary>The admin who made a manual mutation; null for privileged clients and campaigns.</summary>
    public int? MutationOwnerId { get; set; }
    public bool OwnerIsSuperUser { get; set; }
    public DateTime CreatedAt { get; set; }
}
