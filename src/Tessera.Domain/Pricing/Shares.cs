namespace Tessera.Domain.Pricing;

/// <summary>Exact splitting of amounts in hundredths: parts always add up to the whole.</summary>
public static class Shares
{
    /// <summary>
    /// Splits <paramref name="amount"/> (may be negative) over <paramref name="weights"/> in proportion, by the
    /// largest-remainder method; zero or negative weights get nothing. All zero weights: nothing is split.
    /// </summary>
    public static long[] Proportional(long amount, IReadOnlyList<long> weights)
    {
        var parts = new long[weights.Count];
        long total = 0;
        foreach (var w in weights)
        {
            total += Math.Max(0, w);
        }
        if (total == 0 || amount == 0)
        {
            return parts;
        }
        var sign = Math.Sign(amount);
        var magnitude = Math.Abs(amount);
        var fractions = new List<(decimal Fraction, int Index)>(weights.Count);
        long assigned = 0;
        for (var i = 0; i < weights.Count; i++)
        {
            if (weights[i] <= 0)
            {
                continue;
            }
            var exact = (decimal)magnitude * weights[i] / total;
            var floor = (long)decimal.Floor(exact);
            parts[i] = floor;
            assigned += floor;
            fractions.Add((exact - floor, i));
        }
        fractions.Sort((a, b) => a.Fraction != b.Fraction ? b.Fraction.CompareTo(a.Fraction) : a.Index.CompareTo(b.Index));
        var leftOver = magnitude - assigned;
        for (var k = 0; leftOver > 0; k = (k + 1) % fractions.Count)
        {
            parts[fractions[k].Index]++;
            leftOver--;
        }
        if (sign < 0)
        {
            for (var i = 0; i < parts.Length; i++)
            {
                parts[i] = -parts[i];
            }
        }
        return parts;
    }

    /// <summary>
    /// The part of <paramref name="total"/> that belongs to units <paramref name="from"/> (exclusive) up to
    /// <paramref name="to"/> (inclusive) of <paramref name="quantity"/> units: the cumulative share of
    /// <paramref name="to"/> units minus that of <paramref name="from"/>, each rounded toward zero. Returning a
    /// line unit by unit, in any batches, therefore gives back exactly <paramref name="total"/> in the end. Quantities
    /// may be fractional (at most three decimals, ADR 0025): they are counted in whole thousandths.
    /// </summary>
    public static long ForUnits(long total, decimal quantity, decimal from, decimal to)
    {
        if (quantity <= 0 || to <= from)
        {
            return 0;
        }
        return Cumulative(total, quantity, Math.Min(to, quantity)) - Cumulative(total, quantity, Math.Max(0, from));
    }

    private static long Cumulative(long total, decimal quantity, decimal units) =>
        units >= quantity ? total : (long)(Int128.CreateTruncating(total) * Quantities.ToThousandths(units) / Quantities.ToThousandths(quantity));
}
