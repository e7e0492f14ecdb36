using System.Globalization;

namespace Tessera.Server.Protocol;

/// <summary>
/// The version a client asks for with <c>X-Spaaza-API-version</c> (spec L211-214: "major.minor.fix", e.g. 1.2.2;
/// header names are case-insensitive, so <c>X-Spaaza-API-Version</c> is the same header).
/// </summary>
public readonly record struct ApiVersion(int Major, int Minor, int Fix) : IComparable<ApiVersion>
{
    public const string Header = "X-Spaaza-API-version";

    /// <summary>The requested version; null when the header is absent or not <c>major.minor[.fix]</c> (then the current answers apply).</summary>
    public static ApiVersion? Of(HttpRequest request)
    {
        var values = request.Headers[Header];
        return values.Count == 1 && TryParse(values[0], out var version) ? version : null;
    }

    /// <summary>Two or three non-negative integers separated by dots; a missing fix is 0. Allocates nothing.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out ApiVersion version)
    {
        version = default;
        text = text.Trim();
        Span<int> parts = stackalloc int[3];
        var count = 0;
        foreach (var range in text.Split('.'))
        {
            if (count == 3 || !int.TryParse(text[range], NumberStyles.None, CultureInfo.InvariantCulture, out parts[count]))
            {
                return false;
            }
            count++;
        }
        if (count < 2)
        {
            return false;
        }
        version = new ApiVersion(parts[0], parts[1], parts[2]);
        return true;
    }

    public int CompareTo(ApiVersion other) =>
        Major != other.Major ? Major.CompareTo(other.Major) : Minor != other.Minor ? Minor.CompareTo(other.Minor) : Fix.CompareTo(other.Fix);

    public static bool operator <(ApiVersion left, ApiVersion right) => left.CompareTo(right) < 0;

    public static bool operator >(ApiVersion left, ApiVersion right) => left.CompareTo(right) > 0;

    public static bool operator <=(ApiVersion left, ApiVersion right) => left.CompareTo(right) <= 0;

    public static bool operator >=(ApiVersion left, ApiVersion right) => left.CompareTo(right) >= 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Fix}");
}
