namespace Tessera.Domain.Vouchers;

/// <summary>
/// spec add-basket (basket_vouchers, voucher_locking_code) and voucher locking: a claimed, unexpired voucher
/// is redeemed. A voucher locked with a locking code is redeemed only by a basket with that same
/// voucher_locking_code, whatever its exclusive basket code; one locked to an exclusive retailer basket code
/// (and no locking code) only by that basket code, unless the basket's locking code is what decides; a lock
/// without codes (the default of get-basket-price) does not stand in the way of redemption.
/// </summary>
public static class Redemption
{
    public static RedemptionRefusal Check(RedeemableVoucher voucher, string? basketLockingCode, string retailerBasketCode, DateTime now)
    {
        if (voucher.Status == VoucherStatus.Redeemed)
        {
            return RedemptionRefusal.AlreadyRedeemed;
        }
        if (voucher.Status != VoucherStatus.Claimed)
        {
            return RedemptionRefusal.NotClaimed;
        }
        if (voucher.ExpiresAt is { } expiry && expiry <= now)
        {
            return RedemptionRefusal.Expired;
        }
        return MayUseLock(voucher.LockedUntil, voucher.LockingCode, voucher.RetailerBasketCodeExclusive, basketLockingCode, retailerBasketCode, now)
            ? RedemptionRefusal.None
            : RedemptionRefusal.LockedToAnotherCode;
    }

    /// <summary>Whether a basket with these codes may use (price with, lock again, redeem) a voucher with this lock.</summary>
    public static bool MayUseLock(DateTime? lockedUntil, string? lockingCode, string? exclusiveBasketCode, string? basketLockingCode, string? retailerBasketCode, DateTime now)
    {
        if (lockedUntil is not { } until || until <= now)
        {
            return true;
        }
        if (!string.IsNullOrEmpty(lockingCode))
        {
            return string.Equals(lockingCode, basketLockingCode, StringComparison.Ordinal);
        }
        if (!string.IsNullOrEmpty(exclusiveBasketCode))
        {
            return string.Equals(exclusiveBasketCode, retailerBasketCode, StringComparison.Ordinal);
        }
        return true;
    }

    /// <summary>
    /// The code a basket- or product-campaign voucher is created under by get-basket-price: the request's
    /// voucher_locking_code, or the empty code when it sent none (spec 3896: a later price with the same code replaces
    /// the member's unredeemed one). Vouchers issued any other way have none (null).
    /// </summary>
    public static string CreatedUnder(string? basketLockingCode) => basketLockingCode ?? "";

    /// <summary>
    /// Whether get-basket-price applies a voucher created under <paramref name="createdUnder"/> (see
    /// <see cref="CreatedUnder"/>) to a basket priced with <paramref name="basketLockingCode"/>: a basket discount made
    /// for one basket (till, session) is not a discount of another, which gets one of its own, so it is applied only
    /// by a price under the same code; a voucher issued any other way, by any.
    /// </summary>
    public static bool PriceMayApply(string? createdUnder, string? basketLockingCode) =>
        createdUnder is null || string.Equals(createdUnder, CreatedUnder(basketLockingCode), StringComparison.Ordinal);
}
