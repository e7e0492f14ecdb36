namespace Tessera.Domain.Campaigns;

/// <summary>
/// The pure part of a loyalty programme: which level a points balance earns, what a member needs to go
/// up or stay, and what a review does. Thresholds and balances are hundredths of points.
/// </summary>
public static class LoyaltyRules
{
    public const string Initial = "initial";
    public const string PointsTracker = "points_tracker";
    public const string Review = "review";
    public const string SetLevel = "setLevel";
    public const string CreateBasketVoucher = "createBasketVoucher";
    public const string AddPointsToWallet = "addPointsToWallet";

    /// <summary>The level of the initial rule, given to a member joining the programme.</summary>
    public static int? InitialLevel(IReadOnlyList<RuleDefinition> rules) =>
        rules.FirstOrDefault(r => r.Type == Initial && r.Action == SetLevel)?.LevelId;

    private static IEnumerable<(RuleDefinition Rule, LevelDefinition Level)> UpRules(IReadOnlyList<RuleDefinition> rules, IReadOnlyList<LevelDefinition> levels) =>
        from r in rules
        where r.Type == PointsTracker && r.Action == SetLevel && r.Direction == "up" && r.ThresholdCents is not null
        join l in levels on r.LevelId equals l.Id
        select (r, l);

    /// <summary>
    /// After a points change: the best level whose "up" threshold the balance meets, when it is above the
    /// current one; a points tracker never lowers a level (reviews do).
    /// </summary>
    public static int? LevelAfterPointsChange(long balanceCents, int? currentLevelId, IReadOnlyList<RuleDefinition> rules, IReadOnlyList<LevelDefinition> levels)
    {
        var current = levels.FirstOrDefault(l => l.Id == currentLevelId);
        var best = UpRules(rules, levels).Where(x => balanceCents >= x.Rule.ThresholdCents).OrderByDescending(x => x.Level.Position).FirstOrDefault();
        return best.Level is not null && (current is null || best.Level.Position > current.Position) ? best.Level.Id : null;
    }

    /// <summary>
    /// At a review: the best level whose threshold the balance still meets, or the initial level when
    /// it meets none; so a member below the maintenance points of the level drops.
    /// </summary>
    public static int? LevelAtReview(long balanceCents, IReadOnlyList<RuleDefinition> rules, IReadOnlyList<LevelDefinition> levels)
    {
        var best = UpRules(rules, levels).Where(x => balanceCents >= x.Rule.ThresholdCents).OrderByDescending(x => x.Level.Position).FirstOrDefault();
        return best.Level?.Id ?? InitialLevel(rules);
    }

    /// <summary>The points that reaching the current level took: to keep it at the next review, the balance must stay there.</summary>
    public static long MaintenanceCents(int? levelId, IReadOnlyList<RuleDefinition> rules, IReadOnlyList<LevelDefinition> levels) =>
        UpRules(rules, levels).Where(x => x.Level.Id == levelId).Select(x => x.Rule.ThresholdCents!.Value).DefaultIfEmpty(0).Min();

    /// <summary>Points still needed for the next level up; 0 at the top level.</summary>
    public static long ToNextLevelCents(long balanceCents, int? levelId, IReadOnlyList<RuleDefinition> rules, IReadOnlyList<LevelDefinition> levels)
    {
        var position = levels.FirstOrDefault(l => l.Id == levelId)?.Position ?? int.MinValue;
        var next = UpRules(rules, levels).Where(x => x.Level.Position > position).OrderBy(x => x.Level.Position).ThenBy(x => x.Rule.ThresholdCents).FirstOrDefault();
        return next.Rule is null ? 0 : Math.Max(0, next.Rule.ThresholdCents!.Value - balanceCents);
    }

    /// <summary>Points short of the maintenance level: 0 while the balance keeps the current level.</summary>
    public static long ToRemainCents(long balanceCents, int? levelId, IReadOnlyList<RuleDefinition> rules, IReadOnlyList<LevelDefinition> levels) =>
        Math.Max(0, MaintenanceCents(levelId, rules, levels) - balanceCents);

    /// <summary>
    /// How many times a points-tracker action rule (createBasketVoucher, addPointsToWallet) has been earned
    /// by a balance: once when the threshold is met, or once per whole threshold when repeatable.
    /// </summary>
    public static int ActionTimesEarned(RuleDefinition rule, long balanceCents)
    {
        if (rule.Type != PointsTracker || rule.Action == SetLevel || rule.ThresholdCents is not > 0 || balanceCents < rule.ThresholdCents)
        {
            return 0;
        }
        return rule.Repeatable ? (int)Math.Min(int.MaxValue, balanceCents / rule.ThresholdCents.Value) : 1;
    }
    /// <summary>
    /// The rule at which a member buys a basket voucher with points (create-voucher from a loyalty campaign): a
    /// <c>createBasketVoucher</c> rule with a positive <c>points_threshold</c> and <c>action_amount</c> gives
    /// <c>action_amount</c> of money per <c>points_threshold</c> points. With several, the least generous one (the most
    /// points per unit of money), so an order of rules never makes a voucher cheaper; null when no rule defines a rate.
    /// </summary>
    public static RuleDefinition? VoucherPurchaseRule(IEnumerable<RuleDefinition> rules)
    {
        RuleDefinition? best = null;
        foreach (var rule in rules.Where(r => r.Action == CreateBasketVoucher && r.ThresholdCents is > 0 && r.ActionAmountCents > 0))
        {
            // rule costs more per cent than best when T1 / A1 > T2 / A2, compared without division.
            if (best is null || (Int128)rule.ThresholdCents!.Value * best.ActionAmountCents > (Int128)best.ThresholdCents!.Value * rule.ActionAmountCents)
            {
                best = rule;
            }
        }
        return best;
    }

    /// <summary>
    /// The points (hundredths) a voucher of <paramref name="amountCents"/> costs at <paramref name="rule"/>'s rate:
    /// amount × threshold / action_amount, rounded up (against the member); null when it does not fit a long.
    /// </summary>
    public static long? VoucherPointsCost(long amountCents, RuleDefinition rule)
    {
        if (amountCents <= 0 || rule.ThresholdCents is not > 0 || rule.ActionAmountCents <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(amountCents), "A positive amount and a rule that defines a rate are required.");
        }
        var product = (Int128)amountCents * rule.ThresholdCents.Value;
        var cost = (product + rule.ActionAmountCents - 1) / rule.ActionAmountCents;
        return cost > long.MaxValue ? null : (long)cost;
    }
}
