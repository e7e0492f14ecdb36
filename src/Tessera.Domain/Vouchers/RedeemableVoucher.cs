namespace Tessera.Domain.Vouchers;

/// <summary>A voucher as redemption sees it.</summary>
public sealed record RedeemableVoucher(VoucherStatus Status, DateTime? ExpiresAt, DateTime? LockedUntil, string? LockingCode, string? RetailerBasketCodeExclusive);
