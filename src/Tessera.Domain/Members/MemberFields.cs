using System.Globalization;
using System.Text.RegularExpressions;

namespace Tessera.Domain.Members;

/// <summary>The format rules of member fields (spec: add-user parameters).</summary>
public static partial class MemberFields
{
    public const int MinimumPasswordLength = 6;

    /// <summary>spec 96: M or F in either case; returned upper-case.</summary>
    public static string? NormaliseGender(string value) => value.ToUpperInvariant() is "M" or "F" ? value.ToUpperInvariant() : null;

    /// <summary>
    /// spec: "YYYY-MM-DD or ISO 8601 extended (1983-07-27T00:00:00+00:00 or 1983-07-27T00:00:00Z); any
    /// timezone offset will be converted to UTC". Null when the text is neither.
    /// </summary>
    public static DateTime? ParseBirthday(string value)
    {
        if (DateTime.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return DateTime.SpecifyKind(date, DateTimeKind.Utc);
        }
        string[] extended = ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];
        if (value.Length > 10 && (value.EndsWith('Z') || value[^6] is '+' or '-')
            && DateTimeOffset.TryParseExact(value, extended, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset))
        {
            return withOffset.UtcDateTime;
        }
        return null;
    }

    /// <summary>A BCP 47 tag: an ISO 639 language (2-3 letters) and optional subtags, hyphen-separated.</summary>
    public static bool IsLanguageTag(string value) => LanguageTag().IsMatch(value);

    /// <summary>The primary language subtag, lower-cased (<c>nl-BE</c> → <c>nl</c>): the samples' <c>lang_code</c>.</summary>
    public static string? LanguageCode(string? language) =>
        string.IsNullOrEmpty(language) ? null : language.Split('-')[0].ToLowerInvariant();

    /// <summary>A plausible email address: one @, a dotted domain, no spaces.</summary>
    public static bool IsEmail(string value) =>
        value.Length <= 255 && Email().IsMatch(value) && System.Net.Mail.MailAddress.TryCreate(value, out var parsed) && parsed.Address == value;

    [GeneratedRegex(@"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")]
    private static partial Regex LanguageTag();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex Email();
}
