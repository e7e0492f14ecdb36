using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Tessera.Server.Features.Vouchers;
using Tessera.Server.Protocol;
using Tessera.Server.Tests.Campaigns;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Vouchers;

public sealed partial class VoucherListTests
{
    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private sealed record Fixture(TesseraApp App, TestChain Chain, int Loyalty, int FirstMember, int SecondMember, long[] Vouchers);

    /// <summary>A chain with five vouchers: two of member 1, three of member 2; one expires in an hour, one is redeemed.</summary>
    private static async Task<Fixture> FixtureAsync(TesseraApp app)
    {
        var chain = await app.BootstrapAsync();
        using var admin = await chain.AdminClientAsync();
        var loyalty = (await CampaignTests.AddCampaignAsync(admin, chain.ChainId, """{"type":"loyalty","title":"ACME loyalty campaign"}""")).GetProperty("id").GetInt32();
        var first = await chain.AddMemberAsync();
        var second = await chain.AddMemberAsync();
        var ids = new List<long>();
        foreach (var (member, amount, expiry) in new[] { (first, "5", ""), (first, "6", ""), (second, "7", ""), (second, "8", "soon"), (second, "9", "") })
        {
            var parameters = new List<(string, string)> { ("chain_id", Id(chain.ChainId)), ("user_id", Id(member.Id)), ("campaign_id", Id(loyalty)), ("voucher_amount", amount) };
            if (expiry == "soon")
            {
                parameters.Add(("expiry_date", app.Clock.GetUtcNow().UtcDateTime.AddHours(1).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)));
            }
            var created = await admin.PostAsync("/create-voucher", [.. parameters]);
            created.AssertOk("create-voucher");
            ids.Add(created.Results.GetProperty("voucher_id").GetInt64());
            app.Clock.Advance(TimeSpan.FromMinutes(1));
        }
        var redeemed = ids[4];
        await app.WithDbAsync(db => db.Vouchers.Where(v => v.Id == redeemed).ExecuteUpdateAsync(x => x.SetProperty(v => v.Status, "redeemed").SetProperty(v => v.RedeemedAt, app.Clock.GetUtcNow().UtcDateTime)));
        return new Fixture(app, chain, loyalty, first.Id, second.Id, [.. ids]);
    }

    private static async Task<long[]> IdsAsync(SpaazaClient client, params (string, string)[] parameters)
    {
        var response = await client.GetAsync("/get-vouchers", parameters);
        response.AssertOk("get-vouchers");
        return response.Results.GetProperty("vouchers").EnumerateArray().Select(v => v.GetProperty("voucher_id").GetInt64()).ToArray();
    }

    [Trait("Category", "Slow")]
    [Theory, AllEngines]
    public async Task Get_vouchers_filters_by_status_expiry_campaign_user_and_creation(string engine)
    {
        await using var app = new TesseraApp(engine, new TestClock());
        var f = await FixtureAsync(app);
        using var admin = await f.Chain.AdminClientAsync();
        var chain = ("chain_id", Id(f.Chain.ChainId));

        Assert.Equal(f.Vouchers[..4], await IdsAsync(admin, chain));
        Assert.Equal([f.Vouchers[4]], await IdsAsync(admin, chain, ("show_redeemed", "true")));
        Assert.Equal(f.Vouchers, await IdsAsync(admin, chain, ("show_all_statuses", "1")));
        Assert.Equal(f.Vouchers[..2], await IdsAsync(admin, chain, ("user_id", Id(f.FirstMember))));
        Assert.Equal(f.Vouchers[..4], await IdsAsync(admin, chain, ("campaign_id", Id(f.Loyalty))));
        Assert.Empty(await IdsAsync(admin, chain, ("campaign_id", "987654")));
        Assert.Equal(f.Vouchers[2..4], await IdsAsync(admin, chain, ("min_created_datetime_relative", "-3 minutes")));
        Assert.Equal(f.Vouchers[..2], await IdsAsync(admin, chain, ("max_created_datetime_relative", "-4 minutes")));
        Assert.Equal([f.Vouchers[3]], await IdsAsync(admin, chain, ("max_expiry_datetime_relative", "+2 hours")));

        app.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal([f.Vouchers[0], f.Vouchers[1], f.Vouchers[2]], await IdsAsync(admin, chain));
        Assert.Equal([f.Vouchers[3]], await IdsAsync(admin, chain, ("show_expired", "true")));
        (await admin.GetAsync("/get-vouchers", chain, ("min_created_datetime_relative", "last week"))).AssertError(ErrorCodes.ParameterInvalid);
        (await admin.GetAsync("/get-vouchers", chain, ("min_created_datetime", "2018-09-19 14:05"))).AssertError(ErrorCodes.ParameterInvalid);
    }

    [Theory, AllEngines]
    public async Task Get_vouchers_pages_and_counts_everything_that_matches(string engine)
    {
        await using var app = new TesseraApp(engine, new TestClock());
        var f = await FixtureAsync(app);
        using var privileged = f.Chain.PrivilegedClient();
        var response = await privileged.GetAsync("/get-vouchers", ("number_results", "2"), ("results_offset", "1"));
        response.AssertOk("get-vouchers");
        Assert.Equal(4, response.Results.GetProperty("results_count_total").GetInt32());
        var page = response.Results.GetProperty("vouchers").EnumerateArray().ToList();
        Assert.Equal(f.Vouchers[1..3], page.Select(v => v.GetProperty("voucher_id").GetInt64()));
        var first = page[0];
        Assert.Equal("basket", first.GetProperty("type").GetString());
        Assert.Equal("loyalty", first.GetProperty("campaign_type").GetString());
        Assert.Equal(f.FirstMember, first.GetProperty("user").GetProperty("user_id").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, first.GetProperty("redeeming_basket").ValueKind);
    }

    [Theory, AllEngines]
    public async Task The_csv_has_the_columns_of_the_spec_table_in_order_and_a_line_per_voucher(string engine)
    {
        await using var app = new TesseraApp(engine, new TestClock());
        var f = await FixtureAsync(app);
        using var admin = await f.Chain.AdminClientAsync();
        using var response = await admin.Http.GetAsync($"/get-vouchers.csv?chain_id={f.Chain.ChainId}&show_all_statuses=true");
        var csv = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/force-download", response.Content.Headers.ContentType!.MediaType);
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(SpecCsvColumns(), lines[0].Split(','));
        Assert.Equal(6, lines.Length);
        Assert.StartsWith($"{f.Vouchers[0]},", lines[1], StringComparison.Ordinal);
        Assert.Contains(",5.00,0.00,", lines[1], StringComparison.Ordinal);
        Assert.Contains(",redeemed,", lines[5], StringComparison.Ordinal);
    }

    /// <summary>The field names of the spec's "CSV Response Fields" table, in order.</summary>
    private static string[] SpecCsvColumns()
    {
        var lines = Spec.VoucherCsvFields();
        var start = Array.FindIndex(lines, l => l.StartsWith("The fields shown below are represented in the CSV file", StringComparison.Ordinal));
        Assert.True(start >= 0, "the spec's CSV field table was not found");
        return lines.Skip(start).SkipWhile(l => !l.StartsWith("voucher_id (integer)", StringComparison.Ordinal))
            .TakeWhile(l => CsvRow().IsMatch(l)).Select(l => CsvRow().Match(l).Groups[1].Value).ToArray();
    }

    [Fact]
    public void The_csv_columns_are_those_of_the_spec_table() => Assert.Equal(SpecCsvColumns(), VoucherListEndpoints.CsvColumns);

    [Theory, AllEngines]
    public async Task Get_vouchers_is_for_admins_and_privileged_clients_of_the_chain(string engine)
    {
        var app = TesseraApp.Shared(engine);
        var a = await app.BootstrapAsync();
        var b = await app.BootstrapAsync();
        using var adminA = await a.AdminClientAsync();
        (await adminA.GetAsync("/get-vouchers", ("chain_id", Id(b.ChainId)))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
        (await adminA.GetAsync("/get-vouchers")).AssertError(ErrorCodes.ChainIdRequired);
        using var privilegedA = a.PrivilegedClient();
        (await privilegedA.GetAsync("/get-vouchers", ("chain_id", Id(b.ChainId)))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
        var member = await a.AddMemberAsync();
        using var asMember = await a.LoginAsync(member.Username, "member-secret", withApp: true);
        (await asMember.GetAsync("/get-vouchers", ("chain_id", Id(a.ChainId)))).AssertError(ErrorCodes.AccessDenied);
    }

    [GeneratedRegex(@"^([a-z_]+) \([^)]*\) \|")]
    private static partial Regex CsvRow();
}
