namespace Tessera.Domain.Vouchers;

/// <summary>What the rules need to know of a voucher at the moment of the request.</summary>
public sealed record VoucherState(VoucherStatus Status, DateTime? ExpiresAt, DateTime? LockedUntil)
{
    public bool IsExpired(DateTime now) => ExpiresAt is { } expiry && expiry <= now;

    public bool IsLocked(DateTime now) => LockedUntil is { } until && until > now;
}
