using Tessera.Domain.Campaigns;
using Tessera.Domain.Reference;
using Tessera.Server.Data.Entities;
using Tessera.Server.Features.Baskets;

namespace Tessera.Server.Features.Receipts;

/// <summary>
/// Builds a <see cref="Receipt"/> from a basket, its lines and <see cref="ReceiptParts"/>: the same rules whether the
/// receipt is made for add-basket's webhook event or read back later, so both give the same object.
/// </summary>
public static class ReceiptBuilder
{
    /// <summary>
    /// The chain's wallet (or points wallet) whose balance a receipt shows: its active one of that type with the
    /// lowest id, as add-basket stores the balance of (spec: "the total amount in the customer's wallet").
    /// </summary>
    public static Campaign? MainWallet(IEnumerable<Campaign> campaigns, string type) =>
        campaigns.Where(c => c.Type == type && c.Active).OrderBy(c => c.Id).FirstOrDefault();

    /// <param name="balances">Whether the basket's stored balances are known (false while add-basket's batch writes them).</param>
    public static Receipt Build(Basket basket, IReadOnlyList<BasketItem> items, ReceiptParts parts, bool balances)
    {
        var lines = new List<ReceiptLine>(items.Count);
        var redeemed = new Dictionary<long, long>();
        var earned = new List<EarnedPart>();
        foreach (var item in items.OrderBy(i => i.Position))
        {
            long voucherCents = 0;
            foreach (var part in LineDistributions.ReadVouchers(item.VoucherDistribution))
            {
                voucherCents += part.AmountCents;
                redeemed[part.VoucherId] = redeemed.GetValueOrDefault(part.VoucherId) + part.AmountCents;
            }
            earned.AddRange(LineDistributions.ReadEarnings(item.ProgressDistribution));
            lines.Add(new ReceiptLine(item, parts.Product(item), voucherCents, item.IsReturn ? parts.OriginalCodes.GetValueOrDefault(item.Id) : null));
        }
        var vouchers = redeemed
            .Select(r => parts.Vouchers.TryGetValue(r.Key, out var v) ? v with { Cents = r.Value } : new ReceiptVoucher(r.Key, "", "", r.Value, "basket"))
            .OrderBy(v => v.Id)
            .ToList();
        var wallet = Wallet(parts, earned, CampaignTypes.Wallet, basket.UserId is null ? 0 : balances ? basket.WalletBalanceCents ?? 0 : null);
        var points = Wallet(parts, earned, CampaignTypes.PointsWallet, basket.UserId is null ? 0 : balances ? basket.PointsBalanceCents ?? 0 : null);
        var originals = lines.Where(l => l.OriginalCode is not null).Select(l => l.OriginalCode!).Distinct(StringComparer.Ordinal).ToList();
        return new Receipt(basket, lines, parts.Chain, Currencies.FindById(basket.CurrencyId) ?? Currencies.FindById(parts.Chain.CurrencyId)!, parts.Branch, parts.Shopper,
            wallet, points, vouchers, originals);
    }

    private static ReceiptWallet Wallet(ReceiptParts parts, List<EarnedPart> earned, string type, long? balance)
    {
        var main = MainWallet(parts.Campaigns.Values, type);
        var contributions = earned
            .Where(e => parts.Campaigns.TryGetValue(e.WalletCampaignId, out var w) && w.Type == type)
            .GroupBy(e => e.ContributingCampaignId)
            .Select(g => new ReceiptContribution(g.Key is { } id && parts.Campaigns.TryGetValue(id, out var c) ? c.Title : "", g.Sum(e => e.AmountCents)))
            .ToList();
        return main is null && contributions.Count == 0 ? ReceiptWallet.None : new ReceiptWallet(main?.Id, main?.Title ?? "", contributions, balance);
    }
}
