using System.Globalization;

namespace Tessera.Server.Protocol;

/// <summary>The two date formats of the spec: ISO-8601 with offset, and the plain UTC date time.</summary>
public static class SpaazaDates
{
    /// <summary><c>2019-06-06T08:06:14+00:00</c></summary>
    public static string Iso(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);

    public static string? Iso(DateTime? utc) => utc is { } value ? Iso(value) : null;

    /// <summary><c>2050-01-01 00:00:00</c> (UTC)</summary>
    public static string Utc(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
