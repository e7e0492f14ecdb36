using Tessera.Server.Data.Sql;

namespace Tessera.Server.Data.Entities;

/// <summary>
/// A line of a basket: a purchase, or a return (<see cref="IsReturn"/>) of a line of an earlier basket. Kept in its
/// basket's <see cref="Basket.Lines"/> (not a table of its own: a basket is one row); <see cref="BasketId"/>,
/// <see cref="ChainId"/>, <see cref="UserId"/> and <see cref="PurchasedAt"/> are the basket's. Line ids come from
/// their own sequence (<c>RowIds</c>, "basket_lines") and are unique across baskets.
/// <see cref="ReturnedQuantity"/> is the line's <see cref="BasketLineReturn"/> count when the line was read.
/// </summary>
public sealed class BasketItem
{
    public long Id { get; set; }
    public long BasketId { get; set; }
    public int ChainId { get; set; }
    public int? UserId { get; set; }
    public int Position { get; set; }
    public string? ItemBarcode { get; set; }
    public string? RetailerProductCode { get; set; }
    public string? RetailerItemCode { get; set; }
    public int? ProductId { get; set; }
    public int? ProductVariantId { get; set; }
    public string? ProductName { get; set; }
    public required string ItemType { get; set; }
    /// <summary>Units, at most three decimals for goods sold by weight (ADR 0025).</summary>
    public decimal Quantity { get; set; }
    public long PriceCents { get; set; }
    public long SubtotalCents { get; set; }
    public bool Promotional { get; set; }
    public bool Excluded { get; set; }
    public bool IsReturn { get; set; }
    public long? OriginalItemId { get; set; }
    public decimal ReturnedQuantity { get; set; }
    public DateTime PurchasedAt { get; set; }

    /// <summary>
    /// What basket vouchers redeemed on this line (spec: basket_voucher_distribution), as JSON
    /// <c>[[voucher_id, amount_cents], ...]</c>; null for none. See <c>LineDistributions</c>.
    /// </summary>
    public string? VoucherDistribution { get; set; }

    /// <summary>
    /// What this line earned for the member's wallets (spec: purchase_progress_distribution), reclaimed on return, as
    /// JSON <c>[[wallet_campaign_id, contributing_campaign_id, amount_cents], ...]</c>; null for none.
    /// </summary>
    public string? ProgressDistribution { get; set; }
}
