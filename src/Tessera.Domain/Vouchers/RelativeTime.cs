using System.Globalization;
using System.Text.RegularExpressions;

namespace Tessera.Domain.Vouchers;

/// <summary>
/// The relative date expressions of get-vouchers (<c>"-6 months 5 days -2 minutes"</c>, <c>"3 weeks"</c>,
/// <c>"+6 days"</c>): signed integer counts of months, weeks, days, hours and minutes, applied to now in
/// that order (calendar months first).
/// </summary>
public static partial class RelativeTime
{
    public static DateTime? Apply(string? expression, DateTime now)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            return null;
        }
        var matches = Part().Matches(expression);
        var consumed = string.Concat(matches.Select(m => m.Value)).Replace(" ", "", StringComparison.Ordinal);
        if (matches.Count == 0 || consumed.Length != expression.Replace(" ", "", StringComparison.Ordinal).Length)
        {
            return null;
        }
        int months = 0, days = 0, minutes = 0;
        foreach (Match match in matches)
        {
            if (!int.TryParse(match.Groups["n"].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) || Math.Abs(n) > 100_000)
            {
                return null;
            }
            switch (match.Groups["unit"].Value.ToLowerInvariant().TrimEnd('s'))
            {
                case "month":
                    months += n;
                    break;
                case "week":
                    days += 7 * n;
                    break;
                case "day":
                    days += n;
                    break;
                case "hour":
                    minutes += 60 * n;
                    break;
                default:
                    minutes += n;
                    break;
            }
        }
        try
        {
            return now.AddMonths(months).AddDays(days).AddMinutes(minutes);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"\s*(?<n>[+-]?\d{1,6})\s*(?<unit>months?|weeks?|days?|hours?|minutes?)\b\s*", RegexOptions.IgnoreCase)]
    private static partial Regex Part();
}
