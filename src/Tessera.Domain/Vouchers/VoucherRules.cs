namespace Tessera.Domain.Vouchers;

/// <summary>
/// The voucher life cycle (spec: voucher status, locking): generated → claimed → redeemed. Claims and
/// unclaims move between generated and claimed; a redeemed voucher never changes; an expired one
/// (judged at the request's time) cannot be claimed, unclaimed, locked or expired again; while a voucher
/// is locked only admins and privileged clients may change it (a member gets 293, or 280 to delete).
/// </summary>
public static class VoucherRules
{
    public const int DefaultLockSeconds = 300;
    public const int MinimumLockSeconds = 120;
    public const int MaximumLockSeconds = 3600;

    /// <summary>spec: voucher_lock_period 120 to 3600 seconds, 300 when not given.</summary>
    public static bool IsValidLockPeriod(int seconds) => seconds is >= MinimumLockSeconds and <= MaximumLockSeconds;

    public static VoucherRefusal Check(VoucherState voucher, VoucherAction action, VoucherActor actor, DateTime now)
    {
        if (voucher.Status == VoucherStatus.Redeemed)
        {
            return VoucherRefusal.AlreadyRedeemed;
        }
        var lockedForMember = actor == VoucherActor.Member && voucher.IsLocked(now);
        return action switch
        {
            VoucherAction.Claim when voucher.Status == VoucherStatus.Claimed => VoucherRefusal.AlreadyClaimed,
            VoucherAction.Claim when voucher.IsExpired(now) => VoucherRefusal.Expired,
            VoucherAction.Claim => VoucherRefusal.None,
            VoucherAction.Unclaim when voucher.Status != VoucherStatus.Claimed => VoucherRefusal.WrongStatus,
            VoucherAction.Unclaim when voucher.IsExpired(now) => VoucherRefusal.Expired,
            VoucherAction.Unclaim when lockedForMember => VoucherRefusal.LockedForMember,
            VoucherAction.Unclaim => VoucherRefusal.None,
            VoucherAction.Lock when voucher.IsExpired(now) => VoucherRefusal.Expired,
            VoucherAction.Lock when lockedForMember => VoucherRefusal.LockedForMember,
            VoucherAction.Lock => VoucherRefusal.None,
            VoucherAction.Unlock => VoucherRefusal.None,
            VoucherAction.Expire when voucher.Status != VoucherStatus.Claimed => VoucherRefusal.WrongStatus,
            VoucherAction.Expire when voucher.IsExpired(now) => VoucherRefusal.Expired,
            VoucherAction.Expire when lockedForMember => VoucherRefusal.LockedForMember,
            VoucherAction.Expire => VoucherRefusal.None,
            VoucherAction.Delete when lockedForMember => VoucherRefusal.LockedForMemberDelete,
            VoucherAction.Delete => VoucherRefusal.None,
            _ => VoucherRefusal.WrongStatus,
        };
    }

    /// <summary>The status after an allowed action.</summary>
    public static VoucherStatus StatusAfter(VoucherStatus status, VoucherAction action) => action switch
    {
        VoucherAction.Claim => VoucherStatus.Claimed,
        VoucherAction.Unclaim => VoucherStatus.Generated,
        _ => status,
    };
}
