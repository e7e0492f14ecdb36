namespace Tessera.Server.Protocol;

/// <summary>
/// What a sent text that says nothing becomes: the two rules the calls have always had, in one place.
/// </summary>
public static class Blanks
{
    /// <summary>Null for null or empty; any other text as it is (form parameters, already trimmed by <see cref="SpaazaParams"/>).</summary>
    public static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>Null for null, empty or white space; any other text trimmed (JSON bodies).</summary>
    public static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
