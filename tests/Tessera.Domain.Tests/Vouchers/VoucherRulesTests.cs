using Tessera.Domain.Vouchers;

namespace Tessera.Domain.Tests.Vouchers;

/// <summary>The life cycle as a table: every status × every action × every actor, plus expiry and locks.</summary>
public sealed class VoucherRulesTests
{
    private static readonly DateTime Now = new(2026, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    public static IEnumerable<object[]> Table()
    {
        // status, action, expected refusal (same for every actor while unlocked and unexpired)
        var rows = new (VoucherStatus, VoucherAction, VoucherRefusal)[]
        {
            (VoucherStatus.Generated, VoucherAction.Claim, VoucherRefusal.None),
            (VoucherStatus.Generated, VoucherAction.Unclaim, VoucherRefusal.WrongStatus),
            (VoucherStatus.Generated, VoucherAction.Lock, VoucherRefusal.None),
            (VoucherStatus.Generated, VoucherAction.Unlock, VoucherRefusal.None),
            (VoucherStatus.Generated, VoucherAction.Expire, VoucherRefusal.WrongStatus),
            (VoucherStatus.Generated, VoucherAction.Delete, VoucherRefusal.None),
            (VoucherStatus.Claimed, VoucherAction.Claim, VoucherRefusal.AlreadyClaimed),
            (VoucherStatus.Claimed, VoucherAction.Unclaim, VoucherRefusal.None),
            (VoucherStatus.Claimed, VoucherAction.Lock, VoucherRefusal.None),
            (VoucherStatus.Claimed, VoucherAction.Unlock, VoucherRefusal.None),
            (VoucherStatus.Claimed, VoucherAction.Expire, VoucherRefusal.None),
            (VoucherStatus.Claimed, VoucherAction.Delete, VoucherRefusal.None),
            (VoucherStatus.Redeemed, VoucherAction.Claim, VoucherRefusal.AlreadyRedeemed),
            (VoucherStatus.Redeemed, VoucherAction.Unclaim, VoucherRefusal.AlreadyRedeemed),
            (VoucherStatus.Redeemed, VoucherAction.Lock, VoucherRefusal.AlreadyRedeemed),
            (VoucherStatus.Redeemed, VoucherAction.Unlock, VoucherRefusal.AlreadyRedeemed),
            (VoucherStatus.Redeemed, VoucherAction.Expire, VoucherRefusal.AlreadyRedeemed),
            (VoucherStatus.Redeemed, VoucherAction.Delete, VoucherRefusal.AlreadyRedeemed),
        };
        foreach (var (status, action, refusal) in rows)
        {
            foreach (var actor in Enum.GetValues<VoucherActor>())
            {
                yield return [status, action, actor, refusal];
            }
        }
    }

    [Theory, MemberData(nameof(Table))]
    public void Unlocked_unexpired_vouchers_follow_the_table(VoucherStatus status, VoucherAction action, VoucherActor actor, VoucherRefusal expected) =>
        Assert.Equal(expected, VoucherRules.Check(new VoucherState(status, Now.AddDays(1), null), action, actor, Now));

    [Theory]
    [InlineData(VoucherAction.Unclaim, VoucherRefusal.LockedForMember)]
    [InlineData(VoucherAction.Lock, VoucherRefusal.LockedForMember)]
    [InlineData(VoucherAction.Expire, VoucherRefusal.LockedForMember)]
    [InlineData(VoucherAction.Delete, VoucherRefusal.LockedForMemberDelete)]
    [InlineData(VoucherAction.Claim, VoucherRefusal.AlreadyClaimed)]
    public void A_locked_claimed_voucher_resists_its_member(VoucherAction action, VoucherRefusal expected)
    {
        var locked = new VoucherState(VoucherStatus.Claimed, null, Now.AddMinutes(5));
        Assert.Equal(expected, VoucherRules.Check(locked, action, VoucherActor.Member, Now));
    }

    [Theory]
    [InlineData(VoucherActor.Admin)]
    [InlineData(VoucherActor.Privileged)]
    public void Admins_and_privileged_clients_act_on_locked_vouchers(VoucherActor actor)
    {
        var locked = new VoucherState(VoucherStatus.Claimed, null, Now.AddMinutes(5));
        foreach (var action in new[] { VoucherAction.Unclaim, VoucherAction.Lock, VoucherAction.Unlock, VoucherAction.Expire, VoucherAction.Delete })
        {
            Assert.Equal(VoucherRefusal.None, VoucherRules.Check(locked, action, actor, Now));
        }
    }

    [Fact]
    public void A_lock_that_has_run_out_no_longer_binds_the_member()
    {
        var lapsed = new VoucherState(VoucherStatus.Claimed, null, Now.AddSeconds(-1));
        Assert.Equal(VoucherRefusal.None, VoucherRules.Check(lapsed, VoucherAction.Delete, VoucherActor.Member, Now));
    }

    [Theory]
    [InlineData(VoucherStatus.Generated, VoucherAction.Claim)]
    [InlineData(VoucherStatus.Claimed, VoucherAction.Unclaim)]
    [InlineData(VoucherStatus.Claimed, VoucherAction.Lock)]
    [InlineData(VoucherStatus.Claimed, VoucherAction.Expire)]
    public void Expiry_is_judged_at_the_time_of_the_request(VoucherStatus status, VoucherAction action)
    {
        var voucher = new VoucherState(status, Now, null);
        Assert.Equal(VoucherRefusal.Expired, VoucherRules.Check(voucher, action, VoucherActor.Admin, Now));
        Assert.NotEqual(VoucherRefusal.Expired, VoucherRules.Check(voucher, action, VoucherActor.Admin, Now.AddSeconds(-1)));
    }

    [Fact]
    public void Expired_vouchers_can_still_be_deleted() =>
        Assert.Equal(VoucherRefusal.None, VoucherRules.Check(new VoucherState(VoucherStatus.Claimed, Now.AddDays(-1), null), VoucherAction.Delete, VoucherActor.Member, Now));

    [Theory]
    [InlineData(119, false)]
    [InlineData(120, true)]
    [InlineData(3600, true)]
    [InlineData(3601, false)]
    public void Lock_periods_run_from_two_minutes_to_an_hour(int seconds, bool valid) =>
        Assert.Equal(valid, VoucherRules.IsValidLockPeriod(seconds));

    [Fact]
    public void Claims_and_unclaims_move_between_generated_and_claimed()
    {
        Assert.Equal(VoucherStatus.Claimed, VoucherRules.StatusAfter(VoucherStatus.Generated, VoucherAction.Claim));
        Assert.Equal(VoucherStatus.Generated, VoucherRules.StatusAfter(VoucherStatus.Claimed, VoucherAction.Unclaim));
        Assert.Equal(VoucherStatus.Claimed, VoucherRules.StatusAfter(VoucherStatus.Claimed, VoucherAction.Lock));
    }
}
