namespace Tessera.Server.Data.Entities;

/// <summary>An imported opening balance: the ledger entry that credited it, at most one per member and wallet.</summary>
public sealed class OpeningBalance
{
    public int UserId { get; set; }
    public int WalletCampaignId { get; set; }
    public int ChainId { get; set; }
    public long LedgerEntryId { get; set; }
    public DateTime ImportedAt { get; set; }
}
