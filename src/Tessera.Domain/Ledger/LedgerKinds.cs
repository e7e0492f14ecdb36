namespace Tessera.Domain.Ledger;

/// <summary>What a ledger entry records as its cause (spec user-wallet-ledger: kind).</summary>
public static class LedgerKinds
{
    public const string CampaignContribution = "campaignContribution";
    public const string VoucherRedemption = "voucherRedemption";
    public const string Manual = "manual";
}
