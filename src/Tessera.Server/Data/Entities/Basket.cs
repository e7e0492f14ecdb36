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

    /// <summary>
    /// The member's balances of the chain's wallet and points wallet directly after this basket (spec receipt
    /// monetary_wallet.total, points_wallet.total), read under the wallets' row locks by the basket's own batch;
    /// null for baskets without a member and for those stored before migration 0035.
    /// </summary>
    public long? WalletBalanceCents { get; set; }
    public long? PointsBalanceCents { get; set; }
}
