using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Tessera.Domain.Campaigns;
using Tessera.Domain.Ledger;
using Tessera.Domain.Pricing;
using Tessera.Domain.Vouchers;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;
using Tessera.Server.Features.Baskets;
using Tessera.Server.Features.Vouchers;

namespace Tessera.Server.Features.Campaigns;

/// <summary>
/// get-basket-price's basket and product campaigns: the vouchers they give the basket's member, issued (and
/// replaced) before the price reads the member's claimed vouchers.
/// </summary>
public sealed class CampaignVoucherIssuer(TesseraDbContext db, VoucherService vouchers)
{
    /// <summary>Issues the vouchers of the chain's basket campaigns, then of its product campaigns, for the basket's member.</summary>
    public async Task IssueAsync(PricedBasket priced, User member, DateTime now, CancellationToken cancellationToken)
    {
        await CreateBasketCampaignVouchersAsync(priced, member, now, cancellationToken);
        await CreateProductVouchersAsync(priced, member, now, cancellationToken);
    }

    /// <summary>
    /// spec basket campaigns: a qualifying basket of an identified member gets the campaign's discount as a claimed
    /// basket voucher created on the fly; the member's unredeemed vouchers of that campaign with the same locking
    /// code are deleted first, so repeated price requests leave one.
    /// </summary>
    private async Task CreateBasketCampaignVouchersAsync(PricedBasket priced, User member, DateTime now, CancellationToken cancellationToken)
    {
        if (priced.Lines.Count == 0)
        {
            return;
        }
        foreach (var campaign in priced.Scope.Campaigns.Active.Where(c => c.Type == CampaignTypes.Basket))
        {
            var config = CampaignService.Config(campaign);
            if (!CampaignRewards.Running(config, now) || !BasketPricer.PlatformAllows(config, priced.Input.PlatformType) || !BasketPricer.MinimumMet(config, priced.TotalCents))
            {
                continue;
            }
            long? amount = config["discount_amount"] is JsonValue a && a.TryGetValue<decimal>(out var d) && d > 0 && Cents.TryFromDecimal(decimal.Round(d, 2), out var cents) ? cents : null;
            int? ratio = config["voucher_discount_ratio"] is JsonValue r && r.TryGetValue<decimal>(out var q) && q > 0 ? (int)decimal.Round(q * 1000m) : null;
            if (amount is null && ratio is null)
            {
                continue;
            }
            await ReplaceCampaignVoucherAsync(priced, member, campaign, config, new Voucher
            {
                Key = "",
                Type = amount is not null ? VoucherService.Basket : VoucherService.BasketPct,
                Status = "claimed",
                AmountOriginalCents = amount,
                DiscountRatioMilli = amount is null ? ratio : null,
                CurrencyId = amount is not null ? priced.Scope.Currency.Id : null,
            }, now, cancellationToken);
        }
    }

    /// <summary>
    /// spec product (discount) campaigns and item_vouchers: a line of an identified member whose retailer product
    /// code or barcode is in a campaign's <c>product_codes</c> gets a personal product (var_price) voucher worth
    /// the campaign's <c>discount_amount</c> (or <c>voucher_discount_ratio</c> of the price) per unit, for the
    /// line's units; the member's unredeemed one for that product and locking code is replaced.
    /// </summary>
    private async Task CreateProductVouchersAsync(PricedBasket priced, User member, DateTime now, CancellationToken cancellationToken)
    {
        foreach (var campaign in priced.Scope.Campaigns.Active.Where(c => c.Type == CampaignTypes.Product))
        {
            var config = CampaignService.Config(campaign);
            if (!CampaignRewards.Running(config, now) || !BasketPricer.PlatformAllows(config, priced.Input.PlatformType) || config["product_codes"] is not JsonArray codes)
            {
                continue;
            }
            var listed = codes.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => v.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
            foreach (var line in priced.Lines)
            {
                var code = new[] { line.Input.RetailerProductCode, line.Input.Barcode }.FirstOrDefault(c => c is not null && listed.Contains(c));
                if (code is null || !line.IsProduct(code))
                {
                    continue;
                }
                var perUnit = ProductDiscount(config, line.PriceCents);
                if (perUnit <= 0)
                {
                    continue;
                }
                await ReplaceCampaignVoucherAsync(priced, member, campaign, config, new Voucher
                {
                    Key = "",
                    Type = VoucherService.VarPrice,
                    Status = "claimed",
                    AmountOriginalCents = Quantities.Cents(perUnit, line.Input.Quantity),
                    CurrencyId = priced.Scope.Currency.Id,
                    ProductCode = code,
                }, now, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Issues <paramref name="voucher"/> (claimed, of <paramref name="campaign"/>, for the member, created under the
    /// request's locking code, see <see cref="Redemption.CreatedUnder"/>) after deleting the member's unredeemed vouchers
    /// of that campaign and product created under the same code (spec voucher_locking_code); vouchers issued otherwise
    /// (rewards, remainders, regenerated ones) have no such code and stay. The code does not lock it: the price locks
    /// what it applies, to the code only when basket_vouchers_lock_exclusively asks, and applies it only to a basket
    /// priced under the same code (<see cref="Redemption.PriceMayApply"/>).
    /// </summary>
    private async Task ReplaceCampaignVoucherAsync(PricedBasket priced, User member, Campaign campaign, JsonObject config, Voucher voucher, DateTime now, CancellationToken cancellationToken)
    {
        var lockingCode = Redemption.CreatedUnder(priced.Input.VoucherLockingCode);
        var campaignId = campaign.Id;
        var productCode = voucher.ProductCode;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Vouchers.Where(v => v.UserId == member.Id && v.CampaignId == campaignId && v.ProductCode == productCode && v.DeletedAt == null && v.Status != "redeemed" && v.BasketLockingCode == lockingCode)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.DeletedAt, now).SetProperty(v => v.Version, v => v.Version + 1), cancellationToken);
        var days = config["voucher_expiry_days"] is JsonValue e && e.TryGetValue<int>(out var n) && n > 0 ? n : (int?)null;
        voucher.ChainId = member.ChainId;
        voucher.UserId = member.Id;
        voucher.CampaignId = campaign.Id;
        voucher.Title = campaign.Title;
        voucher.Text = config["voucher_text"] is JsonValue t && t.GetValueKind() == JsonValueKind.String ? t.GetValue<string>() : null;
        voucher.CreatedAt = now;
        voucher.ExpiresAt = days is { } expiryDays ? now.AddDays(expiryDays) : null;
        voucher.BasketLockingCode = lockingCode;
        await vouchers.IssueAsync(voucher, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>A product campaign's discount on one unit: a fixed amount or a ratio (rounded down), never above the price.</summary>
    private static long ProductDiscount(JsonObject config, long unitPriceCents)
    {
        if (unitPriceCents <= 0)
        {
            return 0;
        }
        if (config["discount_amount"] is JsonValue a && a.TryGetValue<decimal>(out var amount) && amount > 0)
        {
            return Math.Min(unitPriceCents, (long)decimal.Floor(amount * 100m));
        }
        return config["voucher_discount_ratio"] is JsonValue r && r.TryGetValue<decimal>(out var ratio) && ratio > 0
            ? Math.Min(unitPriceCents, (long)decimal.Floor(unitPriceCents * ratio))
            : 0;
    }
}
