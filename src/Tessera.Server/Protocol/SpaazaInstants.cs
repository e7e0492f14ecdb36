using System.Globalization;
using Tessera.Domain.Vouchers;

namespace Tessera.Server.Protocol;

/// <summary>
/// The list calls' date filters (get-vouchers, get-receipts): an ISO-8601 extended moment with its offset, or a
/// moment relative to now ("-6 months 5 days -2 minutes") that overrides it. Bad values fail <see cref="SpaazaParams"/> (419).
/// </summary>
public static class SpaazaInstants
{
    public static DateTime? Instant(SpaazaParams p, string name, string relativeName, DateTime now)
    {
        if (p.Text(relativeName) is { Length: > 0 } relative)
        {
            var moved = RelativeTime.Apply(relative, now);
            if (moved is null)
            {
                p.Fail(ErrorCodes.ParameterInvalid.With($"{relativeName} must be like \"-6 months 5 days -2 minutes\""));
            }
            return moved;
        }
        return Absolute(p, name);
    }

    public static DateTime? Absolute(SpaazaParams p, string name)
    {
        if (p.Text(name) is not { Length: > 0 } text)
        {
            return null;
        }
        if (DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return parsed.UtcDateTime;
        }
        p.Fail(ErrorCodes.ParameterInvalid.With($"{name} must be ISO-8601 extended with an offset, e.g. 2018-09-19T14:05:20+00:00"));
        return null;
    }
}
