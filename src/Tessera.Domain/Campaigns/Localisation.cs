using System.Globalization;
using System.Text.Json;

namespace Tessera.Domain.Campaigns;

/// <summary>
/// Picks the <c>*_localised</c> values of an object from its <c>field_localisations</c>
/// (<c>{"title":{"nl":{"default":"…","nl-BE":"…"}}}</c>) and an <c>Accept-Language</c> header: for each
/// language in order of preference, the exact tag if present, else that language's default.
/// </summary>
public static class Localisation
{
    /// <summary>Language tags of an Accept-Language header, most preferred first; q=0 and "*" dropped.</summary>
    public static IReadOnlyList<string> Preferences(string? acceptLanguage)
    {
        if (string.IsNullOrWhiteSpace(acceptLanguage))
        {
            return [];
        }
        var ranked = new List<(string Tag, decimal Q, int Order)>();
        var order = 0;
        foreach (var part in acceptLanguage.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split(';', StringSplitOptions.TrimEntries);
            var q = 1m;
            foreach (var parameter in pieces.Skip(1))
            {
                if (parameter.StartsWith("q=", StringComparison.OrdinalIgnoreCase)
                    && decimal.TryParse(parameter[2..], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var parsed))
                {
                    q = parsed;
                }
            }
            if (pieces[0] is { Length: > 0 } tag && tag != "*" && q > 0)
            {
                ranked.Add((tag, q, order++));
            }
        }
        return ranked.OrderByDescending(r => r.Q).ThenBy(r => r.Order).Select(r => r.Tag).ToList();
    }

    /// <summary>Field name → localised text, for the fields that have a match. Malformed JSON gives none.</summary>
    public static IReadOnlyDictionary<string, string> Pick(string? fieldLocalisations, string? acceptLanguage)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var preferences = Preferences(acceptLanguage);
        if (preferences.Count == 0 || string.IsNullOrWhiteSpace(fieldLocalisations))
        {
            return result;
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(fieldLocalisations);
        }
        catch (JsonException)
        {
            return result;
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return result;
            }
            foreach (var field in document.RootElement.EnumerateObject().Where(f => f.Value.ValueKind == JsonValueKind.Object))
            {
                if (PickOne(field.Value, preferences) is { } text)
                {
                    result[field.Name] = text;
                }
            }
        }
        return result;
    }

    private static string? PickOne(JsonElement languages, IReadOnlyList<string> preferences)
    {
        foreach (var tag in preferences)
        {
            var language = tag.Split('-')[0];
            var group = languages.EnumerateObject().FirstOrDefault(l => string.Equals(l.Name, language, StringComparison.OrdinalIgnoreCase));
            if (group.Value.ValueKind != JsonValueKind.Object)
            {
                continue;
            }
            var exact = group.Value.EnumerateObject().FirstOrDefault(v => string.Equals(v.Name, tag, StringComparison.OrdinalIgnoreCase));
            if (exact.Value.ValueKind == JsonValueKind.String)
            {
                return exact.Value.GetString();
            }
            if (group.Value.TryGetProperty("default", out var fallback) && fallback.ValueKind == JsonValueKind.String)
            {
                return fallback.GetString();
            }
        }
        return null;
    }
}
