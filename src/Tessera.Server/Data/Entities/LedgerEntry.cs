namespace Tessera.Server.Data.Entities;

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
