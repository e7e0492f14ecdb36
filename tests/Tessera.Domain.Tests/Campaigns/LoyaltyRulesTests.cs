using Tessera.Domain.Campaigns;

namespace Tessera.Domain.Tests.Campaigns;

public sealed class LoyaltyRulesTests
{
    private static readonly LevelDefinition[] Levels = [new(1, "bronze", null, 1), new(2, "silver", null, 2), new(3, "gold", null, 3)];

    private static readonly RuleDefinition[] Rules =
    [
        new(1, "initial", "setLevel", "up", null, 1, 0, false, null),
        new(2, "points_tracker", "setLevel", "up", 25000, 2, 0, false, 140),
        new(3, "points_tracker", "setLevel", "up", 100000, 3, 0, false, 140),
        new(4, "points_tracker", "createBasketVoucher", "up", 10000, null, 500, true, 140),
    ];

    [Fact]
    public void The_initial_rule_names_the_joining_level() => Assert.Equal(1, LoyaltyRules.InitialLevel(Rules));

    [Theory]
    [InlineData(24999, 1, null)]
    [InlineData(25000, 1, 2)]
    [InlineData(150000, 1, 3)]
    [InlineData(30000, 3, null)]
    [InlineData(30000, null, 2)]
    public void Points_raise_the_level_to_the_best_threshold_met_and_never_lower_it(long balance, int? current, int? expected) =>
        Assert.Equal(expected, LoyaltyRules.LevelAfterPointsChange(balance, current, Rules, Levels));

    [Theory]
    [InlineData(150000, 3)]
    [InlineData(99999, 2)]
    [InlineData(100, 1)]
    public void A_review_keeps_the_level_the_balance_still_earns(long balance, int expected) =>
        Assert.Equal(expected, LoyaltyRules.LevelAtReview(balance, Rules, Levels));

    [Fact]
    public void Status_figures_follow_the_thresholds_of_the_samples()
    {
        // silver at 250 points with 220 in the wallet: 780 to gold, 30 short of keeping silver.
        Assert.Equal(78000, LoyaltyRules.ToNextLevelCents(22000, 2, Rules, Levels));
        Assert.Equal(3000, LoyaltyRules.ToRemainCents(22000, 2, Rules, Levels));
        Assert.Equal(25000, LoyaltyRules.MaintenanceCents(2, Rules, Levels));
        Assert.Equal(0, LoyaltyRules.ToNextLevelCents(200000, 3, Rules, Levels));
        Assert.Equal(3000, LoyaltyRules.ToNextLevelCents(22000, 1, Rules, Levels));
    }

    [Theory]
    [InlineData(9999, 0)]
    [InlineData(10000, 1)]
    [InlineData(35000, 3)]
    public void Repeatable_actions_are_earned_once_per_whole_threshold(long balance, int times) =>
        Assert.Equal(times, LoyaltyRules.ActionTimesEarned(Rules[3], balance));

    [Fact]
    public void A_one_off_action_is_earned_once() =>
        Assert.Equal(1, LoyaltyRules.ActionTimesEarned(Rules[3] with { Repeatable = false }, 50000));
    [Theory]
    // spec sample rule: 5.00 per 100 points. Hundredths of points for hundredths of money, rounded up.
    [InlineData(500, 10000)]
    [InlineData(1, 20)]
    [InlineData(2000, 40000)]
    [InlineData(333, 6660)]
    public void A_voucher_costs_points_at_the_rule_s_rate(long amountCents, long expectedPoints) =>
        Assert.Equal(expectedPoints, LoyaltyRules.VoucherPointsCost(amountCents, LoyaltyRules.VoucherPurchaseRule(Rules)!));

    [Theory]
    // 3.00 per 100 points: 1 cent costs 33.33… hundredths of a point, rounded up against the member.
    [InlineData(1, 34)]
    [InlineData(300, 10000)]
    [InlineData(301, 10034)]
    [InlineData(100, 3334)]
    public void A_cost_that_is_not_whole_is_rounded_up(long amountCents, long expectedPoints) =>
        Assert.Equal(expectedPoints, LoyaltyRules.VoucherPointsCost(amountCents, new RuleDefinition(9, "points_tracker", "createBasketVoucher", "up", 10000, null, 300, true, 140)));

    [Fact]
    public void Of_several_rates_the_least_generous_is_used()
    {
        RuleDefinition[] rules =
        [
            new(1, "points_tracker", "createBasketVoucher", "up", 10000, null, 500, true, 140),
            new(2, "points_tracker", "createBasketVoucher", "up", 25000, null, 1000, true, 140),
            new(3, "points_tracker", "createBasketVoucher", "up", 5000, null, 300, true, 140),
        ];

        Assert.Equal(2, LoyaltyRules.VoucherPurchaseRule(rules)!.Id);
        Assert.Equal(2, LoyaltyRules.VoucherPurchaseRule([.. rules.Reverse()])!.Id);
    }

    [Fact]
    public void Without_a_positive_threshold_and_amount_there_is_no_rate()
    {
        RuleDefinition[] rules =
        [
            new(1, "points_tracker", "createBasketVoucher", "up", null, null, 500, true, 140),
            new(2, "points_tracker", "createBasketVoucher", "up", 10000, null, 0, true, 140),
            new(3, "points_tracker", "addPointsToWallet", "up", 10000, null, 500, true, 140),
        ];

        Assert.Null(LoyaltyRules.VoucherPurchaseRule(rules));
    }

    [Fact]
    public void A_cost_beyond_a_long_is_refused() =>
        Assert.Null(LoyaltyRules.VoucherPointsCost(long.MaxValue / 4, new RuleDefinition(1, "points_tracker", "createBasketVoucher", "up", 100000000, null, 1, true, 140)));
}
