using Tessera.Domain.Pricing;
using Tessera.Server.Data.Entities;
using Tessera.Server.Features.Baskets.Returns;
using Tessera.Server.Features.Events;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Baskets;

/// <summary>A basket priced: its lines, the vouchers applied and what it earns; for get-basket-price as for add-basket.</summary>
public sealed class PricedBasket(BasketInput input, BasketScope scope)
{
    public BasketInput Input { get; } = input;
    public BasketScope Scope { get; set; } = scope;
    public List<BasketLine> Lines { get; } = input.Purchases.Select(i => new BasketLine(i)).ToList();
    public List<BasketVoucher> Vouchers { get; } = [];
    public List<BasketVoucher> Honour { get; } = [];

    /// <summary>The member was recognised by a returned item's original basket (anonymous returns), not by the request.</summary>
    public bool MemberFromReturn { get; set; }

    /// <summary>The shopper's programme as sent; "spaaza" for a member recognised from a returned item.</summary>
    public string? MemberProgramme => MemberFromReturn ? "spaaza" : Input.Shopper?.MemberProgramme;

    /// <summary>add-basket: the ids of the basket's tax lines, in order (spec basket_tax id), once stored.</summary>
    public List<long> TaxIds { get; } = [];
    public List<Earned> Earned { get; } = [];
    public List<ProgressMade> Progress { get; } = [];
    public List<ReturnLine> Returns { get; set; } = [];
    public List<BasketVoucher> Regenerated { get; } = [];
    public List<ApiWarning> Warnings { get; } = [];
    /// <summary>Events of this basket (or return), written with its last statements.</summary>
    public List<OutboxEvent> Events { get; } = [];

    /// <summary>The members its events show, by user id, read once in its transaction (<see cref="EventWriter.MemberAsync"/>).</summary>
    public Dictionary<int, EventMember> EventMembers { get; } = [];

    public long RedeemedCents => Vouchers.Sum(v => v.RedeemedCents) + Lines.Sum(l => l.ItemVoucherCents);
    /// <summary>
    /// get-basket-price: the total minus what the vouchers redeem. add-basket's basket_total_price is what was
    /// paid, after the vouchers (the samples: 2703.85 priced, 2653.85 confirmed), so it is its own adjusted total.
    /// </summary>
    public long AdjustedTotalCents => Stored is null || !Input.TotalSent ? TotalCents - RedeemedCents : Input.TotalCents;

    /// <summary>
    /// The basket's total as priced: basket_total_price when sent; without it (spec: "a value of 0 is recorded rather
    /// than returning an error", which is what is echoed and stored) the lines, shipping and the (negative) return
    /// lines add up to it, so that the adjusted total and campaign minimums do not go by a total of 0.
    /// </summary>
    public long TotalCents => Input.TotalSent ? Input.TotalCents : Lines.Sum(l => l.SubtotalCents) + Input.ShippingCents + ReturnedCents;

    /// <summary>The return lines' amounts (negative).</summary>
    private long ReturnedCents => Returns.Sum(r => r.Input?.SubtotalCents ?? Quantities.Cents(r.ReturnPriceCents, r.Quantity));

    /// <summary>
    /// spec basket_total_price: "if the total price of items in the basket does not add up to basket_total_price,
    /// the basket_total_price value is used for these calculations": when the shopper paid less for the lines than
    /// they add up to (after vouchers; shipping and returned lines aside), earning counts what was paid. Never more
    /// than the lines.
    /// </summary>
    public long EarningBase(long eligibleCents)
    {
        var lines = Lines.Sum(l => Math.Max(0, l.AdjustedCents));
        if (!Input.TotalSent || lines <= 0)
        {
            return eligibleCents;
        }
        // What was paid for the purchase lines: the total without shipping and without the (negative) return lines.
        var paid = Math.Max(0, AdjustedTotalCents - Input.ShippingCents - ReturnedCents);
        return paid >= lines ? eligibleCents : (long)((decimal)eligibleCents * paid / lines);
    }
    public Basket? Stored { get; set; }
}
