namespace Tessera.Server.Features.Receipts;

/// <summary>spec monetary_wallet / points_wallet: the title, what each campaign added with this basket, the balance after it.</summary>
public sealed record ReceiptWallet(int? CampaignId, string Title, IReadOnlyList<ReceiptContribution> Contributions, long? BalanceCents)
{
    public static readonly ReceiptWallet None = new(null, "", [], 0);
}
