namespace Tessera.Domain.Pricing;

/// <summary>
/// Quantities of a basket line (ADR 0025): a <c>decimal</c> above zero with at most three decimals (goods sold by
/// weight), stored as whole thousandths where the database adds or compares them. Money from a quantity is rounded
/// to the cent half away from zero.
/// </summary>
public static class Quantities
{
    /// <summary>Decimals a quantity may have (grams of a kilogram).</summary>
    public const int MaxDecimals = 3;

    /// <summary>The largest quantity: the largest whole quantity accepted before decimals were.</summary>
    public const decimal Max = int.MaxValue;

    /// <summary>Whether <paramref name="quantity"/> has at most <see cref="MaxDecimals"/> decimals (trailing zeros aside).</summary>
    public static bool HasValidPrecision(decimal quantity) => Normalize(quantity).Scale <= MaxDecimals;

    /// <summary>The same value without trailing zeros, so 3.0 is written 3 and 10.50 is written 10.5.</summary>
    public static decimal Normalize(decimal quantity) => quantity / 1.000000000000000000000000000000000m;

    /// <summary>
    /// <paramref name="perUnitCents"/> times <paramref name="quantity"/>, rounded to the cent half away from zero
    /// (10.5 × 2.99 = 31.395 → 31.40); exact for whole quantities.
    /// </summary>
    public static long Cents(long perUnitCents, decimal quantity) =>
        (long)Math.Round(perUnitCents * quantity, 0, MidpointRounding.AwayFromZero);

    /// <summary>
    /// <paramref name="cents"/> for <paramref name="quantity"/> units as an amount per unit, toward zero (as the whole
    /// division of whole quantities always did); all of <paramref name="cents"/> when the quantity is not above zero.
    /// </summary>
    public static long PerUnit(long cents, decimal quantity) =>
        quantity > 0 ? (long)decimal.Truncate(cents / quantity) : cents;

    /// <summary>The quantity in whole thousandths, as the database keeps it.</summary>
    public static long ToThousandths(decimal quantity) => (long)(quantity * 1000m);

    public static decimal FromThousandths(long thousandths) => Normalize(thousandths / 1000m);

    /// <summary>Units counted by an "items" goal: a fractional quantity counts rounded up (a weighed bag is one item).</summary>
    public static long Items(decimal quantity) => (long)decimal.Ceiling(quantity);
}
