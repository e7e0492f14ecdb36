namespace Tessera.Server.Data.Entities;

/// <summary>
/// A voucher (spec: voucher concepts). Amounts are hundredths; the current amount is original minus
/// redeemed. <see cref="Version"/> guards every change of status or lock: updates are conditional on it.
/// A deleted voucher keeps its row for accounting, marked by <see cref="DeletedAt"/>.
/// </summary>
public sealed class Voucher
{
    public long Id { get; set; }
    public required string Key { get; set; }
    public int ChainId { get; set; }
    public int? UserId { get; set; }
    public int? CampaignId { get; set; }
    public required string Type { get; set; }
    public required string Status { get; set; }
    public long? AmountOriginalCents { get; set; }
    public long AmountRedeemedCents { get; set; }

    /// <summary>Thousandths (spec: at most three decimals, at most 1).</summary>
    public int? DiscountRatioMilli { get; set; }
    public int? CurrencyId { get; set; }
    public string? Title { get; set; }
    public string? Text { get; set; }
    public string? Description { get; set; }
    public string? Notes { get; set; }
    public string? ImageUrl { get; set; }
    public string? HonourCode { get; set; }

    /// <summary>A product (var_price) voucher's product: the retailer product code or barcode it discounts.</summary>
    public string? ProductCode { get; set; }
    public int? CreatingUserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ExpiresAt { get; set; }
    public DateTime? LockedUntil { get; set; }
    public string? LockingCode { get; set; }
    public string? RetailerBasketCodeExclusive { get; set; }

    /// <summary>
    /// A basket- or product-campaign voucher's origin: the <c>voucher_locking_code</c> of the get-basket-price that
    /// created it (null when none was sent). A later price of the member with the same code deletes it before creating
    /// its own (spec voucher_locking_code); it is not a lock, which only basket_vouchers_lock_exclusively asks for.
    /// </summary>
    public string? BasketLockingCode { get; set; }
    public long? ParentVoucherId { get; set; }
    public long? RedeemingBasketId { get; set; }
    public DateTime? RedeemedAt { get; set; }

    /// <summary>The wallet whose balance paid for the voucher; deleting it returns the value there.</summary>
    public int? WalletCampaignId { get; set; }

    /// <summary>The pending campaign reward this voucher was issued for, once (unique).</summary>
    public long? CampaignRewardId { get; set; }
    public DateTime? DeletedAt { get; set; }
    public int Version { get; set; }
}
