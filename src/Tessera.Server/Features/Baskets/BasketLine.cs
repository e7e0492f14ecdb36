using Tessera.Domain.Pricing;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Features.Baskets;

/// <summary>A purchase line while a basket is priced and stored.</summary>
public sealed class BasketLine(ItemInput input)
{
    public ItemInput Input { get; } = input;
    public long PriceCents => Input.PriceCents ?? 0;
    public long SubtotalCents => Input.SubtotalCents ?? Quantities.Cents(PriceCents, Input.Quantity);
    public Product? Product { get; set; }
    public ProductVariant? Variant { get; set; }
    public BasketItem? Row { get; set; }
    public List<(BasketVoucher Voucher, long Cents)> Distribution { get; } = [];
    public List<(Earned Earned, long Cents)> Earnings { get; } = [];

    /// <summary>Product (var_price) vouchers redeemed on this line, for all its units.</summary>
    public List<BasketVoucher> ItemVouchers { get; } = [];
    public long ItemVoucherCents => ItemVouchers.Sum(v => v.RedeemedCents);

    /// <summary>The line after its item vouchers: what basket vouchers spread over.</summary>
    public long NetSubtotalCents => SubtotalCents - ItemVoucherCents;
    public long AdjustedCents => NetSubtotalCents - Distribution.Sum(d => d.Cents);

    /// <summary>Whether a product voucher for <paramref name="code"/> applies to this line.</summary>
    public bool IsProduct(string? code) =>
        code is not null && Input.ItemType == "product" && (code == Input.RetailerProductCode || code == Input.Barcode);

    /// <summary>Lines that take part in spend and earn: products, not excluded from Spaaza.</summary>
    public bool Earns(bool countPromotional) =>
        Input.ItemType == "product" && !Input.Excluded && (countPromotional || !Input.Promotional);
}
