namespace Tessera.Domain.Members;

/// <summary>
/// The words a member is found by in member search: every word of the first and last name, the
/// username and its part before the @, and the member number; lower-cased, at most 255 characters.
/// A query matches a member when each of its words is the start of one of the member's terms.
/// </summary>
public static class SearchTerms
{
    public const int MaxTermLength = 255;

    private static readonly char[] Separators = [' ', '\t', '-', '\'', '.', ',', '_'];

    public static IReadOnlySet<string> For(string? firstName, string? lastName, string? username, string? memberNumber)
    {
        var terms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in new[] { firstName, lastName })
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                continue;
            }
            Add(terms, name);
            foreach (var word in name.Split(Separators, StringSplitOptions.RemoveEmptyEntries))
            {
                Add(terms, word);
            }
        }
        if (!string.IsNullOrWhiteSpace(username))
        {
            Add(terms, username);
            var at = username.IndexOf('@', StringComparison.Ordinal);
            if (at > 0)
            {
                Add(terms, username[..at]);
            }
        }
        if (!string.IsNullOrWhiteSpace(memberNumber))
        {
            Add(terms, memberNumber);
        }
        return terms;
    }

    /// <summary>The words of a search query, lower-cased; at most five, each cut to the term length.</summary>
    public static IReadOnlyList<string> QueryWords(string? query) =>
        string.IsNullOrWhiteSpace(query)
            ? []
            : query.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)
                .Select(Normalise).Where(w => w.Length > 0).Distinct().Take(5).ToList();

    /// <summary>The exclusive upper bound of the terms that start with <paramref name="prefix"/> (ordinal order).</summary>
    public static string PrefixEnd(string prefix) => prefix + '\uffff';

    private static void Add(HashSet<string> terms, string value)
    {
        var term = Normalise(value);
        if (term.Length > 0)
        {
            terms.Add(term);
        }
    }

    private static string Normalise(string value)
    {
        var term = value.Trim().ToLowerInvariant();
        return term.Length > MaxTermLength ? term[..MaxTermLength] : term;
    }
}
