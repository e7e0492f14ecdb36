namespace Tessera.Server.Data.Entities;

/// <summary>
/// A confirmed basket (spec: add-basket): immutable once stored. Amounts are hundredths of the basket's
/// currency. The unique (chain, retailer basket code) makes a replayed basket store and credit nothing;
/// <see cref="Response"/> keeps the results first answered, for the replay's answer.
/// </summary>
public sealed class Basket
{
    public long Id { get; set; }
    public int ChainId { get; set; }
    public int? BusinessId { get; set; }
    public int? UserId { get; set; }
    public required string RetailerBasketCode { get; set; }
    public required string PlatformType { get; set; }
    public int CurrencyId { get; set; }
    public long TotalCents { get; set; }
    public long? ItemsSubtotalCents { get; set; }
    public long AdjustedTotalCents { get; set; }
    public long ShippingCents { get; set; }
    public string? CountryCode { get; set; }

    /// <summary>The basket's moment in UTC; <see cref="TimestampIso8601"/> keeps it as sent, with its offset.</summary>
    public DateTime PurchasedAt { get; set; }
    public string? TimestampIso8601 { get; set; }
    public required string TimezoneName { get; set; }
    public string? VoucherLockingCode { get; set; }
    public string? EmployeeCode { get; set; }
    public string? EmployeeName { get; set; }
    public string? MemberProgramme { get; set; }
    public string? Notes { get; set; }

    /// <summary>The payment methods and tax lines as recorded (JSON arrays of the request's objects).</summary>
    public required string PaymentsJson { get; set; }
    public required string TaxesJson { get; set; }

    /// <summary>Purchase lines and return lines; statistics count baskets with purchases.</summary>
    public int PurchaseItemCount { get; set; }
    public int ReturnItemCount { get; set; }
    public required string Response { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>
    /// The basket's lines, purchases and returns, as a JSON array written once with the basket (see
    /// <c>BasketLines</c>); the units returned since are counted in <see cref="BasketLineReturn"/>.
    /// </summary>
    public string Lines { get; set; } = "[]";
}

/// <summary>
/// The units of a purchase line returned so far (one row per line that had a return): the count only grows, by a
/// conditional upsert that never passes the line's quantity, so racing returns cannot return a unit twice.
/// </summary>
public sealed class BasketLineReturn
{
    public long LineId { get; set; }
    public long BasketId { get; set; }
    public int ReturnedQuantity { get; set; }
}

/// <summary>A supplementary basket code (spec: supplementary_basket_codes), for finding the basket of a return.</summary>
public sealed class BasketCode
{
    public int ChainId { get; set; }
    public required string Code { get; set; }
    public long BasketId { get; set; }
}

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
    public int Quantity { get; set; }
    public long PriceCents { get; set; }
    public long SubtotalCents { get; set; }
    public bool Promotional { get; set; }
    public bool Excluded { get; set; }
    public bool IsReturn { get; set; }
    public long? OriginalItemId { get; set; }
    public int ReturnedQuantity { get; set; }
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

/// <summary>
/// Returned lines of one original basket (spec: return_transactions), inside a returning basket or by the
/// standalone return call (then with its own <see cref="ReturnOwnerCode"/>, unique per chain).
/// </summary>
public sealed class ReturnTransaction
{
    public long Id { get; set; }
    public int ChainId { get; set; }
    public long OriginalBasketId { get; set; }
    public long? ReturningBasketId { get; set; }
    public string? ReturnOwnerCode { get; set; }
    public string? Note { get; set; }
    public string? Response { get; set; }
    public DateTime CreatedAt { get; set; }
}

public sealed class ReturnedItem
{
    public long Id { get; set; }
    public long ReturnTransactionId { get; set; }
    public long OriginalItemId { get; set; }
    public long? ReturnItemId { get; set; }
    public int Quantity { get; set; }
    public long ReturnPriceCents { get; set; }
    public long SalePriceCents { get; set; }
    public string? OwnerCode { get; set; }
}

/// <summary>A product of a chain, created and updated from basket item metadata (spec: creating products).</summary>
public sealed class Product
{
    public int Id { get; set; }
    public int ChainId { get; set; }
    public required string OwnerCode { get; set; }
    public string? Name { get; set; }
    public string? Description { get; set; }
    public long? PriceCents { get; set; }
    public long? CostPriceCents { get; set; }
    public string? Brand { get; set; }
    public string? Season { get; set; }
    public string? Category { get; set; }
    public string? WebUrl { get; set; }
    public string? ImageUrl { get; set; }
    public bool? Promotional { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>A product variant, known by its barcode.</summary>
public sealed class ProductVariant
{
    public int Id { get; set; }
    public int ChainId { get; set; }
    public int? ProductId { get; set; }
    public required string Barcode { get; set; }
    public string? Colour { get; set; }
    public string? Size { get; set; }
    public long? PriceCents { get; set; }
    public long? CostPriceCents { get; set; }
    public string? ImageUrl { get; set; }
    public string? WebUrl { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
