using System.Globalization;

namespace Tessera.Domain.Ledger;

/// <summary>
/// Wallet and points amounts are kept exactly as whole hundredths (minor units) in a <see cref="long"/>:
/// the spec allows at most two decimals for amounts and for rounding precision.
/// </summary>
public static class Cents
{
    public const int Scale = 2;

    /// <summary>The hundredths of <paramref name="amount"/>; false when it has more than two decimals or is too large.</summary>
    public static bool TryFromDecimal(decimal amount, out long cents)
    {
        cents = 0;
        var scaled = amount * 100m;
        if (scaled != decimal.Truncate(scaled) || Math.Abs(scaled) > long.MaxValue / 4)
        {
            return false;
        }
        cents = (long)scaled;
        return true;
    }

    /// <summary>Parses a decimal with "." as separator and at most two decimals (spec 300).</summary>
    public static bool TryParse(string? text, out long cents)
    {
        cents = 0;
        return text is { Length: > 0 and <= 20 }
            && decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
            && TryFromDecimal(amount, out cents);
    }

    public static decimal ToDecimal(long cents) => cents / 100m;

    /// <summary>"5.25", "-9.00": the string form of the samples.</summary>
    public static string Format(long cents) => ToDecimal(cents).ToString("0.00", CultureInfo.InvariantCulture);
}
