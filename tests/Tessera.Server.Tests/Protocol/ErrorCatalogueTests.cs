using System.Text.RegularExpressions;
using Tessera.Server.Protocol;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Protocol;

public sealed partial class ErrorCatalogueTests
{
    private sealed record Row(int Code, string Name, string Description, int HttpStatus);

    /// <summary>
    /// Reads the spec's "Error and Warning Codes" table with a parser of its own. The table runs
    /// name and description together; the name is the snake_case prefix before the capital that
    /// starts the description, except in the three rows listed here.
    /// </summary>
    private static List<Row> SpecRows()
    {
        var irregular = new Dictionary<int, string>
        {
            [156] = "product_price_missing or blank",
            [426] = "member_number_range_invalid",
            [427] = "member_number_duplicate",
        };
        var lines = Spec.ErrorTable();
        var start = Array.IndexOf(lines, "Error and Warning Codes");
        var end = Array.IndexOf(lines, "Authentication", start);
        Assert.True(start >= 0 && end > start, "the spec's error table was not found");
        var rows = new List<Row>();
        foreach (var line in lines[start..end])
        {
            var match = RowPattern().Match(line);
            if (!match.Success)
            {
                continue;
            }
            var code = int.Parse(match.Groups["code"].Value, System.Globalization.CultureInfo.InvariantCulture);
            var cell = match.Groups["cell"].Value;
            var name = irregular.TryGetValue(code, out var known) ? known : NamePrefix().Match(cell).Value;
            rows.Add(new Row(code, name, cell[name.Length..], int.Parse(match.Groups["status"].Value, System.Globalization.CultureInfo.InvariantCulture)));
        }
        return rows;
    }

    [Fact]
    public void Catalogue_holds_every_row_of_the_spec_table_with_its_name_description_and_http_status()
    {
        var spec = SpecRows();
        Assert.Equal(375, spec.Count);
        var catalogue = ErrorCodes.All.Select(e => new Row(e.Code, e.Name, e.Description, e.HttpStatus)).ToList();
        Assert.Equal(spec, catalogue);
    }

    [Fact]
    public void Only_server_error_is_answered_5xx_and_every_other_code_keeps_the_table_status_below_500()
    {
        Assert.All(ErrorCodes.All.Where(e => e.Code != ErrorCodes.ServerError.Code), e =>
            Assert.True(e.AnsweredStatus is >= 400 and < 500 || (e.AnsweredStatus < 400 && e.AnsweredStatus == e.HttpStatus), $"{e.Code} {e.Name}: {e.AnsweredStatus}"));
        Assert.All(ErrorCodes.All.Where(e => e.HttpStatus < 500), e => Assert.Equal(e.HttpStatus, e.AnsweredStatus));
        Assert.Equal(500, ErrorCodes.ServerError.AnsweredStatus);
        Assert.Equal(400, ErrorCodes.ChainIdRequired.AnsweredStatus);
        Assert.Equal(403, ErrorCodes.PermissionDeniedOrNonExistent.AnsweredStatus);
    }

    [Fact]
    public void Catalogue_codes_are_unique_and_found_by_code()
    {
        Assert.Equal(ErrorCodes.All.Count, ErrorCodes.All.Select(e => e.Code).Distinct().Count());
        Assert.Same(ErrorCodes.TooManyFailedLogins, ErrorCodes.Find(307));
        Assert.Equal(403, ErrorCodes.Find(307)!.HttpStatus);
        Assert.Null(ErrorCodes.Find(999));
    }

    [GeneratedRegex(@"^(?<code>\d+) \| (?<cell>.*) \| (?<status>\d{3}) \|$")]
    private static partial Regex RowPattern();

    [GeneratedRegex(@"^[a-z0-9_]+(?=[A-Z])")]
    private static partial Regex NamePrefix();
}
