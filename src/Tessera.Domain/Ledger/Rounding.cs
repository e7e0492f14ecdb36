namespace Tessera.Domain.Ledger;

/// <summary>
/// A wallet's <c>rounding_strategy</c> and <c>rounding_precision</c> (0-2 decimals), applied to computed
/// contributions such as cashback. Rules in docs/spec-choices.md ("Wallet rounding").
/// </summary>
public static class Rounding
{
    public const string RoundDown = "round_down";
    public const string RoundUp = "round_up";
    public const string Neutral = "neutral";
    public const string Bankers = "bankers";

    public static IReadOnlyList<string> Strategies { get; } = [RoundDown, RoundUp, Neutral, Bankers];

    public static bool IsStrategy(string? value) => value is not null && Strategies.Contains(value);

    /// <summary>Rounds <paramref name="amount"/> to <paramref name="precision"/> decimals and returns hundredths.</summary>
    public static long ToCents(decimal amount, string strategy, int precision)
    {
        if (precision is < 0 or > Cents.Scale)
        {
            throw new ArgumentOutOfRangeException(nameof(precision), precision, "rounding_precision is 0 to 2");
        }
        var factor = precision switch { 0 => 1m, 1 => 10m, _ => 100m };
        var scaled = amount * factor;
        var rounded = strategy switch
        {
            // Toward zero: a member never gets more than earned, and a reversal never takes more.
            RoundDown => decimal.Truncate(scaled),
            // Away from zero.
            RoundUp => Math.Sign(scaled) * Math.Ceiling(Math.Abs(scaled)),
            // Half away from zero: the commercial rounding people expect on a receipt.
            Neutral => Math.Round(scaled, 0, MidpointRounding.AwayFromZero),
            // Half to even: no drift over many roundings.
            Bankers => Math.Round(scaled, 0, MidpointRounding.ToEven),
            _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "unknown rounding strategy"),
        };
        return (long)(rounded / factor * 100m);
    }
}
