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
}
