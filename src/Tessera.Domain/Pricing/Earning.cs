using Tessera.Domain.Ledger;

namespace Tessera.Domain.Pricing;

/// <summary>What a basket earns (spec: spend and earn). Returns earn negatively, with the same rounding.</summary>
public static class Earning
{
    /// <summary>
    /// Cashback: <paramref name="earnPercentage"/> of the eligible spend (hundredths, negative for a return),
    /// rounded with the recipient wallet's strategy and precision; rounding toward zero on both signs means a
    /// return takes back exactly what the purchase gave.
    /// </summary>
    public static long Cashback(long eligibleSpendCents, decimal earnPercentage, string roundingStrategy, int roundingPrecision)
    {
        if (eligibleSpendCents == 0 || earnPercentage <= 0)
        {
            return 0;
        }
        var earned = eligibleSpendCents / 100m * earnPercentage / 100m;
        return Rounding.ToCents(earned, roundingStrategy, roundingPrecision);
    }

    /// <summary>The spend a campaign counts: items not excluded, and promotional ones only when it spends on promotions.</summary>
    public static long EligibleSpend(IEnumerable<PricedItem> items, bool countPromotionalItems) =>
        items.Where(i => !i.Excluded && (countPromotionalItems || !i.Promotional)).Sum(i => i.SubtotalCents);
}
