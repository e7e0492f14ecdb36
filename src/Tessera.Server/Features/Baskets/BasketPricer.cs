using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Domain.Campaigns;
using Tessera.Domain.Ledger;
using Tessera.Domain.Pricing;
using Tessera.Server.Data.Entities;
using Tessera.Server.Features.Baskets.Returns;
using Tessera.Server.Features.Campaigns;
using Tessera.Server.Features.Vouchers;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Baskets;

/// <summary>
/// The in-memory steps of pricing a basket, for get-basket-price as for add-basket: no I/O. Distributes the basket
/// vouchers over the lines with the pure <see cref="BasketPricing"/> rules, works out what cashback, progress and
/// purchase-count campaigns earn (<see cref="Earning"/>), and previews regenerated vouchers.
/// </summary>
public static class BasketPricer
{
    /// <summary>The voucher types that spread over a basket's lines.</summary>
    internal static readonly string[] VoucherTypes = [VoucherService.Basket, VoucherService.BasketPct];

    internal static Campaign? Campaign(PricedBasket priced, int? campaignId) =>
        campaignId is { } id ? priced.Scope.Campaigns.Active.FirstOrDefault(c => c.Id == id) : null;

    internal static bool PlatformAllows(JsonObject config, string platform) =>
        !(config["in_store_only"] is JsonValue s && s.GetValueKind() == JsonValueKind.True && platform != "in_store")
        && !(config["online_only"] is JsonValue o && o.GetValueKind() == JsonValueKind.True && platform != "online");

    internal static bool MinimumMet(JsonObject config, long totalCents) =>
        config["minimum_basket_value"] is not JsonValue m || !m.TryGetValue<decimal>(out var minimum) || totalCents >= minimum * 100m;

    /// <summary>spec regenerated_rewards in get-basket-price: what add-basket would regenerate, without keys yet.</summary>
    internal static void AddRegeneratedPreviews(PricedBasket priced, DateTime now)
    {
        foreach (var line in priced.Returns)
        {
            foreach (var refund in line.Refunds)
            {
                var voucher = RegeneratedVoucher(refund, now);
                var applied = new BasketVoucher(voucher, refund.Campaign) { RegeneratedFrom = new Regenerated(line, refund) };
                priced.Regenerated.Add(applied);
                if (RedeemsAtOnce(priced, voucher))
                {
                    priced.Vouchers.Insert(priced.Vouchers.Count(v => v.RegeneratedFrom is not null), applied);
                }
            }
        }
    }

    /// <summary>spec: a regenerated voucher is redeemed at once on the returning basket's purchases when the chain says so, for its own member.</summary>
    internal static bool RedeemsAtOnce(PricedBasket priced, Voucher voucher) =>
        priced.Scope.Chain.RedeemRegeneratedRewards && priced.Lines.Count > 0 && voucher.UserId is not null && voucher.UserId == priced.Scope.Member?.Id;

    internal static Voucher RegeneratedVoucher(Refund refund, DateTime now) => ChildVoucher(refund.Voucher, refund.Cents, now);

    /// <summary>A claimed basket voucher for part of <paramref name="parent"/>'s value, for the same member, campaign, wallet and expiry.</summary>
    internal static Voucher ChildVoucher(Voucher parent, long cents, DateTime now) => new()
    {
        Key = "",
        ChainId = parent.ChainId,
        UserId = parent.UserId,
        CampaignId = parent.CampaignId,
        Type = VoucherService.Basket,
        Status = "claimed",
        AmountOriginalCents = cents,
        CurrencyId = parent.CurrencyId,
        Title = parent.Title,
        Text = parent.Text,
        Description = parent.Description,
        ImageUrl = parent.ImageUrl,
        CreatedAt = now,
        ExpiresAt = parent.ExpiresAt,
        ParentVoucherId = parent.Id,
        WalletCampaignId = parent.WalletCampaignId,
    };

    /// <summary>spec 407: a client distribution of a voucher that adds up to more than the voucher is worth.</summary>
    internal static ApiFailure? OverDistributed(PricedBasket priced, Voucher v)
    {
        if (v.Type == VoucherService.BasketPct || v.Id == 0)
        {
            return null;
        }
        var given = priced.Lines.SelectMany(l => l.Input.Distribution ?? []).Where(d => d.Voucher.Matches(v)).Sum(d => d.Cents);
        return given > (v.AmountOriginalCents ?? 0) - v.AmountRedeemedCents
            ? new ApiFailure(ErrorCodes.CalculationError, $"basket_voucher_distribution of voucher {v.Key} adds up to more than its amount")
            : null;
    }

    /// <summary>Distributes the basket vouchers over the lines (client distributions win), fills what each redeems.</summary>
    internal static void Price(PricedBasket priced)
    {
        var items = priced.Lines.Select(l => new PricedItem(l.NetSubtotalCents, l.Input.Promotional, l.Input.Excluded || l.Input.ItemType != "product")).ToList();
        var toApply = new List<VoucherToApply>(priced.Vouchers.Count);
        foreach (var applied in priced.Vouchers)
        {
            var v = applied.Voucher;
            var config = applied.Campaign is { } c ? CampaignService.Config(c) : null;
            var spendOnPromotions = config?["spend_on_promotional_items"] is not JsonValue promo || promo.GetValueKind() != JsonValueKind.False;
            long? amount = v.Type == VoucherService.BasketPct ? null : (v.AmountOriginalCents ?? 0) - v.AmountRedeemedCents;
            Dictionary<int, long>? client = null;
            for (var i = 0; i < priced.Lines.Count; i++)
            {
                foreach (var part in priced.Lines[i].Input.Distribution ?? [])
                {
                    if (v.Id != 0 && part.Voucher.Matches(v))
                    {
                        client ??= [];
                        client[i] = client.GetValueOrDefault(i) + part.Cents;
                    }
                }
            }
            toApply.Add(new VoucherToApply(amount, v.Type == VoucherService.BasketPct ? v.DiscountRatioMilli : null, spendOnPromotions, client));
        }
        var result = BasketPricing.Price(items, toApply);
        foreach (var line in priced.Lines)
        {
            line.Distribution.Clear();
        }
        for (var k = 0; k < priced.Vouchers.Count; k++)
        {
            var applied = priced.Vouchers[k];
            applied.RedeemedCents = result.Vouchers[k].RedeemedCents;
            for (var i = 0; i < priced.Lines.Count; i++)
            {
                if (result.Vouchers[k].PerItemCents[i] != 0)
                {
                    priced.Lines[i].Distribution.Add((applied, result.Vouchers[k].PerItemCents[i]));
                }
            }
        }
    }

    /// <summary>
    /// spec spend and earn, progress, purchase count: cashback campaigns credit their recipient wallet with
    /// <c>earn_percentage</c> of what the member paid for eligible lines (after basket vouchers), rounded as the
    /// wallet says and split over the lines exactly; progress campaigns move by spend, visits or items.
    /// </summary>
    internal static void Earn(PricedBasket priced, DateTime now)
    {
        foreach (var line in priced.Lines)
        {
            line.Earnings.Clear();
        }
        priced.Earned.Clear();
        priced.Progress.Clear();
        if (priced.Scope.Member is null || priced.Lines.Count == 0)
        {
            return;
        }
        var active = priced.Scope.Campaigns.Active;
        foreach (var campaign in active)
        {
            if (campaign.Type is not (CampaignTypes.Cashback or CampaignTypes.Progress or CampaignTypes.PurchaseCount))
            {
                continue;
            }
            var config = CampaignService.Config(campaign);
            if (!CampaignRewards.Running(config, now) || !PlatformAllows(config, priced.Input.PlatformType) || !MinimumMet(config, priced.TotalCents))
            {
                continue;
            }
            var countPromotional = config["spend_on_promotional_items"] is not JsonValue promo || promo.GetValueKind() != JsonValueKind.False;
            var weights = priced.Lines.Select(l => l.Earns(countPromotional) ? Math.Max(0, l.AdjustedCents) : 0).ToArray();
            if (campaign.Type == CampaignTypes.Cashback)
            {
                var wallet = config["recipient_campaign_id"] is JsonValue r && r.TryGetValue<int>(out var walletId)
                    ? active.FirstOrDefault(c => c.Id == walletId && CampaignTypes.IsWallet(c.Type))
                    : null;
                if (wallet is null || (wallet.Type == CampaignTypes.Wallet && (wallet.CurrencyId ?? priced.Scope.Chain.CurrencyId) != priced.Scope.Currency.Id))
                {
                    continue;
                }
                var percentage = config["earn_percentage"] is JsonValue p && p.TryGetValue<decimal>(out var pct) ? pct : 0m;
                var settings = WalletSettings.From(CampaignService.Config(wallet));
                var total = Earning.Cashback(priced.EarningBase(weights.Sum()), percentage, settings.RoundingStrategy, settings.RoundingPrecision);
                if (total == 0)
                {
                    continue;
                }
                var earned = new Earned(campaign, wallet, total);
                priced.Earned.Add(earned);
                var parts = Shares.Proportional(total, weights);
                for (var i = 0; i < parts.Length; i++)
                {
                    if (parts[i] != 0)
                    {
                        priced.Lines[i].Earnings.Add((earned, parts[i]));
                    }
                }
            }
            else if (CampaignProgressService.Goal(campaign) is { } goal)
            {
                var delta = goal.Unit switch
                {
                    "spend" => priced.EarningBase(weights.Sum()),
                    "items" => priced.Lines.Where(l => l.Earns(countPromotional)).Sum(l => Quantities.Items(l.Input.Quantity)),
                    _ => 1,
                };
                if (delta > 0)
                {
                    priced.Progress.Add(new ProgressMade(campaign, goal.Unit, delta));
                }
            }
        }
    }
}
