using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tessera.Domain.Ledger;
using Tessera.Domain.Pricing;
using Tessera.Domain.Vouchers;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;
using Tessera.Server.Features.Events;
using Tessera.Server.Features.Ledger;
using Tessera.Server.Features.Vouchers;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Baskets;

/// <summary>
/// Which vouchers a basket redeems: for get-basket-price the member's claimed vouchers it may apply; for add-basket
/// the basket, honour and item vouchers it names, each one that cannot be redeemed a warning (the basket was paid),
/// and what a partly redeemed basket voucher leaves, kept for the member.
/// </summary>
public sealed class BasketRedemptions(TesseraDbContext db, VoucherService vouchers, LedgerService ledger, EventWriter events)
{
    /// <summary>
    /// get-basket-price: applies the member's claimed vouchers (<paramref name="usable"/>) that this basket may use:
    /// basket and honour vouchers, and product vouchers on the first line of their product.
    /// </summary>
    internal static void ApplyClaimed(PricedBasket priced, IReadOnlyList<Voucher> usable, DateTime now)
    {
        // A basket discount created for another basket (another locking code) is that basket's, not this one's.
        foreach (var voucher in usable.Where(v => Redemption.PriceMayApply(v.BasketLockingCode, priced.Input.VoucherLockingCode)
            && Redemption.MayUseLock(v.LockedUntil, v.LockingCode, v.RetailerBasketCodeExclusive, priced.Input.VoucherLockingCode, priced.Input.RetailerBasketCode, now)))
        {
            if (BasketPricer.VoucherTypes.Contains(voucher.Type) && (voucher.CurrencyId is null || voucher.CurrencyId == priced.Scope.Currency.Id) && priced.Lines.Count > 0)
            {
                priced.Vouchers.Add(new BasketVoucher(voucher, BasketPricer.Campaign(priced, voucher.CampaignId)));
            }
            else if (voucher.Type == VoucherService.Honour)
            {
                priced.Honour.Add(new BasketVoucher(voucher, BasketPricer.Campaign(priced, voucher.CampaignId)));
            }
            else if (voucher.Type == VoucherService.VarPrice && (voucher.CurrencyId is null || voucher.CurrencyId == priced.Scope.Currency.Id)
                && priced.Lines.FirstOrDefault(l => l.IsProduct(voucher.ProductCode) && l.ItemVouchers.Count == 0) is { } line)
            {
                var cents = Math.Min((voucher.AmountOriginalCents ?? 0) - voucher.AmountRedeemedCents, line.SubtotalCents);
                if (cents > 0)
                {
                    line.ItemVouchers.Add(new BasketVoucher(voucher, BasketPricer.Campaign(priced, voucher.CampaignId)) { RedeemedCents = cents });
                }
            }
        }
    }

    private async Task<Campaign?> CampaignAsync(PricedBasket priced, int? campaignId, CancellationToken cancellationToken) =>
        BasketPricer.Campaign(priced, campaignId) ?? (campaignId is { } id ? await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken) : null);

    /// <summary>
    /// spec basket_vouchers and honour_vouchers: each named voucher that is the member's (or nobody's), claimed,
    /// unexpired and not locked to other codes is redeemed; any other is a warning, never an error, because the
    /// basket was paid. A voucher <paramref name="lost"/> to other baskets in earlier attempts is a warning too.
    /// Nothing is written here: the claims go first in the basket's batch (<see cref="BasketSql.AddClaims"/>).
    /// </summary>
    internal async Task RedeemAsync(PricedBasket priced, IReadOnlyList<Voucher> found, IReadOnlySet<long> lost, DateTime now, CancellationToken cancellationToken)
    {
        var input = priced.Input;
        await RedeemItemVouchersAsync(priced, found, lost, now, cancellationToken);
        var refs = input.BasketVouchers.Select(r => (Ref: r, Honour: false)).Concat(input.HonourVouchers.Select(r => (Ref: r, Honour: true))).ToList();
        var seen = new HashSet<long>();
        foreach (var (reference, honour) in refs)
        {
            var voucher = found.FirstOrDefault(reference.Matches);
            var name = reference.Key ?? reference.Id?.ToString(CultureInfo.InvariantCulture);
            if (voucher is null || (voucher.UserId is not null && voucher.UserId != priced.Scope.Member?.Id))
            {
                priced.Warnings.Add(ApiWarning.ForVoucher(ErrorCodes.VoucherNotFound, reference.Key, reference.Id, $"voucher {name} is not a voucher of this member and was not redeemed"));
                continue;
            }
            if (!seen.Add(voucher.Id))
            {
                continue;
            }
            if (lost.Contains(voucher.Id))
            {
                priced.Warnings.Add(ApiWarning.ForVoucher(ErrorCodes.VoucherStatusRedeemed, reference.Key, reference.Id, $"voucher {name} was redeemed by another basket meanwhile"));
                continue;
            }
            var state = new RedeemableVoucher(VoucherService.Status(voucher.Status), voucher.ExpiresAt, voucher.LockedUntil, voucher.LockingCode, voucher.RetailerBasketCodeExclusive);
            var refusal = Redemption.Check(state, input.VoucherLockingCode, input.RetailerBasketCode, now);
            if (refusal != RedemptionRefusal.None)
            {
                priced.Warnings.Add(ApiWarning.ForVoucher(Code(refusal), reference.Key, reference.Id, $"voucher {name} was not redeemed"));
                continue;
            }
            var isHonour = honour || voucher.Type == VoucherService.Honour;
            if (!isHonour && (!BasketPricer.VoucherTypes.Contains(voucher.Type) || (voucher.CurrencyId is { } currency && currency != priced.Scope.Currency.Id) || priced.Lines.Count == 0))
            {
                priced.Warnings.Add(ApiWarning.ForVoucher(ErrorCodes.InvalidVoucherStatus, reference.Key, reference.Id, $"voucher {name} cannot be redeemed on this basket (type, currency or no purchases)"));
                continue;
            }
            if (!isHonour && BasketPricer.OverDistributed(priced, voucher) is { } over)
            {
                // The basket was paid: a distribution larger than the voucher is a warning, and the voucher is not redeemed.
                priced.Warnings.Add(ApiWarning.ForVoucher(over.Error, reference.Key, reference.Id, over.Message?.GetValue<string>()));
                continue;
            }
            var applied = new BasketVoucher(voucher, await CampaignAsync(priced, voucher.CampaignId, cancellationToken));
            (isHonour ? priced.Honour : priced.Vouchers).Add(applied);
        }

        BasketPricer.Price(priced);
        priced.Vouchers.RemoveAll(v => v.RedeemedCents == 0);
        BasketPricer.Earn(priced, now);
        // Redeemed as the batch will claim them: the answer shows them so, and what a voucher leaves is kept.
        foreach (var applied in priced.Vouchers.Concat(priced.Honour).Concat(priced.Lines.SelectMany(l => l.ItemVouchers)))
        {
            applied.ReadVersion = applied.Voucher.Version;
            applied.Claimed = true;
            applied.ClaimedCents = applied.RedeemedCents;
            var v = applied.Voucher;
            v.Status = "redeemed";
            v.AmountRedeemedCents += applied.RedeemedCents;
            v.RedeemingBasketId = priced.Stored!.Id;
            v.RedeemedAt = now;
            v.Version++;
        }
        foreach (var applied in priced.Vouchers)
        {
            await KeepRemainderAsync(applied, now, cancellationToken);
        }
    }

    /// <summary>
    /// spec item_vouchers in add-basket: each named product voucher of the member, for this line's product, is
    /// redeemed for its per-unit amount times the line's units (never more than it has left or the line is worth);
    /// one that cannot be is a warning like a basket voucher.
    /// </summary>
    private async Task RedeemItemVouchersAsync(PricedBasket priced, IReadOnlyList<Voucher> found, IReadOnlySet<long> lost, DateTime now, CancellationToken cancellationToken)
    {
        foreach (var line in priced.Lines)
        {
            foreach (var item in line.Input.ItemVouchers ?? [])
            {
                var voucher = found.FirstOrDefault(item.Voucher.Matches);
                var name = item.Voucher.Key ?? item.Voucher.Id?.ToString(CultureInfo.InvariantCulture);
                if (voucher is null || voucher.Type != VoucherService.VarPrice || (voucher.UserId is not null && voucher.UserId != priced.Scope.Member?.Id))
                {
                    priced.Warnings.Add(ApiWarning.ForVoucher(ErrorCodes.VoucherNotFound, item.Voucher.Key, item.Voucher.Id, $"item voucher {name} is not a product voucher of this member and was not redeemed"));
                    continue;
                }
                if (lost.Contains(voucher.Id) || priced.Lines.Any(l => l.ItemVouchers.Any(v => v.Voucher.Id == voucher.Id)))
                {
                    priced.Warnings.Add(ApiWarning.ForVoucher(ErrorCodes.VoucherStatusRedeemed, item.Voucher.Key, item.Voucher.Id, $"item voucher {name} was redeemed by another basket meanwhile"));
                    continue;
                }
                var state = new RedeemableVoucher(VoucherService.Status(voucher.Status), voucher.ExpiresAt, voucher.LockedUntil, voucher.LockingCode, voucher.RetailerBasketCodeExclusive);
                var refusal = Redemption.Check(state, priced.Input.VoucherLockingCode, priced.Input.RetailerBasketCode, now);
                if (refusal != RedemptionRefusal.None)
                {
                    priced.Warnings.Add(ApiWarning.ForVoucher(Code(refusal), item.Voucher.Key, item.Voucher.Id, $"item voucher {name} was not redeemed"));
                    continue;
                }
                var left = (voucher.AmountOriginalCents ?? 0) - voucher.AmountRedeemedCents;
                var wanted = item.PerUnitCents is { } perUnit ? Quantities.Cents(perUnit, line.Input.Quantity) : left;
                var cents = Math.Min(Math.Min(wanted, left), line.NetSubtotalCents);
                if (cents <= 0)
                {
                    continue;
                }
                line.ItemVouchers.Add(new BasketVoucher(voucher, await CampaignAsync(priced, voucher.CampaignId, cancellationToken)) { RedeemedCents = cents });
            }
        }
    }

    /// <summary>
    /// spec: "any remaining value will be returned to the customer": what a basket voucher could not redeem goes
    /// back to its wallet, or, for a voucher not paid from a wallet, stays with the member as a new voucher.
    /// </summary>
    private async Task KeepRemainderAsync(BasketVoucher applied, DateTime now, CancellationToken cancellationToken)
    {
        var v = applied.Voucher;
        if (v.Type != VoucherService.Basket || v.AmountOriginalCents is not { } original || v.UserId is not { } userId)
        {
            return;
        }
        var remaining = original - v.AmountRedeemedCents;
        if (remaining <= 0)
        {
            return;
        }
        // The voucher is redeemed now, so it can never be deleted (and its remainder given back) a second time.
        if (v.WalletCampaignId is { } walletId)
        {
            var wallet = await db.Campaigns.AsNoTracking().FirstAsync(c => c.Id == walletId, cancellationToken);
            events.Ahead(v);
            await ledger.PostAsync(new Posting(userId, wallet, remaining, LedgerKinds.VoucherRedemption,
                LogMessage: $"voucher {v.Id.ToString(CultureInfo.InvariantCulture)} partly redeemed", BasketId: v.RedeemingBasketId, VoucherId: v.Id), null, cancellationToken);
            return;
        }
        await vouchers.IssueAsync(BasketPricer.ChildVoucher(v, remaining, now), cancellationToken);
    }

    private static ApiError Code(RedemptionRefusal refusal) => refusal switch
    {
        RedemptionRefusal.AlreadyRedeemed => ErrorCodes.VoucherStatusRedeemed,
        RedemptionRefusal.NotClaimed => ErrorCodes.InvalidVoucherStatus,
        RedemptionRefusal.Expired => ErrorCodes.VoucherExpired,
        RedemptionRefusal.LockedToAnotherCode => ErrorCodes.VoucherLocked,
        _ => ErrorCodes.VoucherNotFound,
    };
}
