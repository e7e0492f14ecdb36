namespace Tessera.Server.Tests.Infrastructure;

/// <summary>
/// Excerpts of the specification kept in the repository as test data (<c>SpecData/</c>, copied to the
/// output folder), so that the tests pass on a fresh clone without <c>../shared/seeds</c>.
/// </summary>
public static class Spec
{
    private static string[] Lines(string file) => File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "SpecData", file));

    /// <summary>The "Error and Warning Codes" section, up to the "Authentication" heading.</summary>
    public static string[] ErrorTable() => Lines("error-and-warning-codes.txt");

    /// <summary>get-vouchers' "CSV Response Fields" table.</summary>
    public static string[] VoucherCsvFields() => Lines("get-vouchers-csv-fields.txt");

    /// <summary>The "Warnings" sample: a success response with one 183 warning (the JSON after its caption line).</summary>
    public static System.Text.Json.JsonElement WarningSample()
    {
        using var document = System.Text.Json.JsonDocument.Parse(string.Join('\n', Lines("warning-sample.txt").SkipWhile(l => !l.StartsWith('{'))));
        return document.RootElement.Clone();
    }
}
