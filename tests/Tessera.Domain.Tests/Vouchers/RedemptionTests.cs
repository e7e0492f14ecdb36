using Tessera.Domain.Vouchers;

namespace Tessera.Domain.Tests.Vouchers;

public sealed class RedemptionTests
{
    private static readonly DateTime Now = new(2026, 11, 22, 12, 0, 0, DateTimeKind.Utc);

    private static RedeemableVoucher Claimed(DateTime? lockedUntil = null, string? lockingCode = null, string? exclusive = null, DateTime? expires = null) =>
        new(VoucherStatus.Claimed, expires, lockedUntil, lockingCode, exclusive);

    [Fact]
    public void A_claimed_unexpired_unlocked_voucher_is_redeemed()
    {
        Assert.Equal(RedemptionRefusal.None, Redemption.Check(Claimed(), null, "B1", Now));
    }

    [Fact]
    public void Generated_redeemed_and_expired_vouchers_are_refused()
    {
        Assert.Equal(RedemptionRefusal.NotClaimed, Redemption.Check(Claimed() with { Status = VoucherStatus.Generated }, null, "B1", Now));
        Assert.Equal(RedemptionRefusal.AlreadyRedeemed, Redemption.Check(Claimed() with { Status = VoucherStatus.Redeemed }, null, "B1", Now));
        Assert.Equal(RedemptionRefusal.Expired, Redemption.Check(Claimed(expires: Now), null, "B1", Now));
    }

    [Fact]
    public void A_default_lock_without_codes_does_not_prevent_redemption()
    {
        Assert.Equal(RedemptionRefusal.None, Redemption.Check(Claimed(Now.AddMinutes(5)), null, "B1", Now));
    }

    [Fact]
    public void The_locking_code_wins_over_the_exclusive_basket_code()
    {
        var locked = Claimed(Now.AddMinutes(5), "L1", "B1");
        Assert.Equal(RedemptionRefusal.None, Redemption.Check(locked, "L1", "OTHER", Now));
        Assert.Equal(RedemptionRefusal.LockedToAnotherCode, Redemption.Check(locked, "L2", "B1", Now));
        Assert.Equal(RedemptionRefusal.LockedToAnotherCode, Redemption.Check(locked, null, "B1", Now));
    }

    [Fact]
    public void A_voucher_locked_to_a_basket_code_is_redeemed_only_by_that_basket()
    {
        var locked = Claimed(Now.AddMinutes(5), exclusive: "B1");
        Assert.Equal(RedemptionRefusal.None, Redemption.Check(locked, null, "B1", Now));
        Assert.Equal(RedemptionRefusal.LockedToAnotherCode, Redemption.Check(locked, null, "B2", Now));
    }

    [Fact]
    public void An_expired_lock_binds_nobody()
    {
        Assert.Equal(RedemptionRefusal.None, Redemption.Check(Claimed(Now.AddSeconds(-1), "L1", "B1"), null, "B2", Now));
    }

    [Fact]
    public void A_basket_discount_created_under_a_locking_code_is_applied_only_by_a_price_with_that_code()
    {
        var created = Redemption.CreatedUnder("till-7");
        Assert.True(Redemption.PriceMayApply(created, "till-7"));
        Assert.False(Redemption.PriceMayApply(created, "till-9"));
        Assert.False(Redemption.PriceMayApply(created, null));
    }

    [Fact]
    public void A_basket_discount_created_without_a_locking_code_is_applied_only_by_a_price_without_one()
    {
        var created = Redemption.CreatedUnder(null);
        Assert.True(Redemption.PriceMayApply(created, null));
        Assert.False(Redemption.PriceMayApply(created, "till-9"));
    }

    [Fact]
    public void A_voucher_not_created_by_a_price_is_applied_by_any_price()
    {
        Assert.True(Redemption.PriceMayApply(null, null));
        Assert.True(Redemption.PriceMayApply(null, "till-9"));
    }
}
