using System.Net;
using System.Text.Json;
using Tessera.Server.Protocol;
using Tessera.Server.Tests.Infrastructure;
using static Tessera.Server.Tests.Baskets.BasketCalls;

namespace Tessera.Server.Tests.Receipts;

/// <summary>get-receipts and get-receipts.csv (spec lines 6175-6465): a chain's receipts by filter, paged, and the CSV.</summary>
public sealed class ReceiptListTests
{
    private sealed record Bought(ReceiptShop Shop, Tessera.Server.Data.Entities.User Other, string[] Codes);

    /// <summary>Four baskets: the member's in January (CT1) and February 2025 (WF2), the other member's in March 2025 (CT1), the member's now (CT1).</summary>
    private static async Task<Bought> BuyFourAsync(string engine)
    {
        var shop = await ReceiptShop.CreateAsync(TesseraApp.Shared(engine));
        var other = await shop.Chain.AddMemberAsync();
        string[] codes = [Code(), Code(), Code(), Code()];
        await shop.BuyAsync(codes[0], extra: ""","basket_timestamp_iso8601":"2025-01-10T10:00:00+01:00","basket_tax":[{"tax_rate":0.21,"tax_total":17.36}]""");
        await shop.BuyAsync(codes[1], branchCode: "WF2", extra: ""","basket_timestamp_iso8601":"2025-02-10T10:00:00Z","shipping_charge":3.26""");
        await shop.BuyAsync(codes[2], memberNumber: Number(other), extra: ",\"basket_timestamp_iso8601\":\"2025-03-01T08:00:00Z\"");
        await shop.BuyAsync(codes[3]);
        return new Bought(shop, other, codes);
    }

    private static async Task<string[]> CodesAsync(SpaazaClient admin, Bought bought, params (string, string)[] filters)
    {
        var response = await admin.GetAsync("/get-receipts", [("chain_id", ReceiptShop.Id(bought.Shop.Chain.ChainId)), .. filters]);
        response.AssertOk("get-receipts");
        return response.Results.GetProperty("receipts").EnumerateArray().Select(r => r.GetProperty("retailer_basket_code").GetString()!).ToArray();
    }

    [Theory, AllEngines]
    public async Task Get_receipts_filters_by_member_creation_moment_branch_and_code_and_pages_by_id(string engine)
    {
        var bought = await BuyFourAsync(engine);
        var c = bought.Codes;
        var shop = bought.Shop;
        using var admin = await shop.Chain.AdminClientAsync();

        Assert.Equal(c, await CodesAsync(admin, bought));
        Assert.Equal([c[2]], await CodesAsync(admin, bought, ("user_id", ReceiptShop.Id(bought.Other.Id))));
        Assert.Equal([c[1], c[2]], await CodesAsync(admin, bought, ("min_created_datetime", "2025-02-01T00:00:00+00:00"), ("max_created_datetime", "2025-12-31T00:00:00Z")));
        Assert.Equal([c[0]], await CodesAsync(admin, bought, ("max_created_datetime", "2025-01-10T09:00:00Z")));
        // Relative moments override the absolute ones.
        Assert.Equal([c[3]], await CodesAsync(admin, bought, ("min_created_datetime_relative", "-2 days"), ("min_created_datetime", "2020-01-01T00:00:00Z")));
        Assert.Equal([c[0], c[1], c[2]], await CodesAsync(admin, bought, ("max_created_datetime_relative", "-6 months")));
        Assert.Equal([c[1]], await CodesAsync(admin, bought, ("branch_business_id", ReceiptShop.Id(shop.BranchB))));
        Assert.Equal([c[0], c[2], c[3]], await CodesAsync(admin, bought, ("branch_business_owner_code", "CT1")));
        Assert.Empty(await CodesAsync(admin, bought, ("branch_business_owner_code", "NOPE")));
        Assert.Equal([c[1]], await CodesAsync(admin, bought, ("retailer_basket_code", c[1])));
        Assert.Equal([c[0], c[1]], await CodesAsync(admin, bought, ("number_results", "2")));
        Assert.Equal([c[2]], await CodesAsync(admin, bought, ("number_results", "1"), ("results_offset", "2")));
        Assert.Equal(c, await CodesAsync(admin, bought, ("number_results", "100000")));
    }

    [Theory, AllEngines]
    public async Task Get_receipts_answers_the_samples_fields(string engine)
    {
        var bought = await BuyFourAsync(engine);
        using var admin = await bought.Shop.Chain.AdminClientAsync();
        var sample = SpecSamples.Results("get-receipts-sample.txt")["receipts"];

        var response = await admin.GetAsync("/get-receipts", ("chain_id", ReceiptShop.Id(bought.Shop.Chain.ChainId)), ("retailer_basket_code", bought.Codes[1]));

        response.AssertOk("get-receipts");
        var receipt = Assert.Single(response.Results.GetProperty("receipts").EnumerateArray());
        SpecSamples.AssertShape(sample[1], receipt);
        Assert.Equal(bought.Codes[1], receipt.GetProperty("retailer_basket_code").GetString());
        Assert.Equal("2025-02-10T10:00:00Z", receipt.GetProperty("timestamp").GetString());
        Assert.Equal("EUR", receipt.GetProperty("currency").GetProperty("currency_code").GetString());
        Assert.Equal(3.26m, receipt.GetProperty("shipping_charge").GetDecimal());
        Assert.Equal("WF2", receipt.GetProperty("chain").GetProperty("business").GetProperty("branch_code").GetString());
        Assert.Equal(bought.Shop.Shop.Member.Id, receipt.GetProperty("shopper").GetProperty("id").GetInt32());
        Assert.StartsWith("http", receipt.GetProperty("download_url").GetString(), StringComparison.Ordinal);
    }

    [Theory, AllEngines]
    public async Task Get_receipts_refuses_both_branch_parameters_bad_values_members_and_other_chains(string engine)
    {
        var bought = await BuyFourAsync(engine);
        var shop = bought.Shop;
        var chain = ("chain_id", ReceiptShop.Id(shop.Chain.ChainId));
        using var admin = await shop.Chain.AdminClientAsync();
        using var member = await shop.MemberClientAsync();
        var elsewhere = await ReceiptShop.CreateAsync(shop.Chain.App);
        using var foreign = elsewhere.Chain.PrivilegedClient();

        (await admin.GetAsync("/get-receipts", chain, ("branch_business_id", ReceiptShop.Id(shop.BranchA)), ("branch_business_owner_code", "CT1"))).AssertError(ErrorCodes.ParameterInvalid);
        (await admin.GetAsync("/get-receipts", chain, ("number_results", "0"))).AssertError(ErrorCodes.ParameterInvalid);
        (await admin.GetAsync("/get-receipts", chain, ("results_offset", "-1"))).AssertError(ErrorCodes.ParameterInvalid);
        (await admin.GetAsync("/get-receipts", chain, ("user_id", "x"))).AssertError(ErrorCodes.UserIdInvalid);
        (await admin.GetAsync("/get-receipts", chain, ("min_created_datetime", "yesterday"))).AssertError(ErrorCodes.ParameterInvalid);
        (await admin.GetAsync("/get-receipts", chain, ("max_created_datetime_relative", "soon"))).AssertError(ErrorCodes.ParameterInvalid);
        (await admin.GetAsync("/get-receipts")).AssertError(ErrorCodes.ChainIdRequired);
        Assert.NotEqual(HttpStatusCode.OK, (await member.GetAsync("/get-receipts", chain)).Status);
        (await foreign.GetAsync("/get-receipts", chain)).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
    }

    [Theory, AllEngines]
    public async Task Get_receipts_csv_has_the_spec_columns_in_order_and_a_row_per_receipt(string engine)
    {
        var bought = await BuyFourAsync(engine);
        var shop = bought.Shop;
        using var admin = await shop.Chain.AdminClientAsync();
        var expected = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "SpecData", "get-receipts-csv-fields.txt"))
            .Select(l => l.Split(' ')[0]).ToArray();

        var response = await admin.Http.GetAsync($"/get-receipts.csv?chain_id={shop.Chain.ChainId}&user_id={shop.Shop.Member.Id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/force-download", response.Content.Headers.ContentType?.MediaType);
        var lines = Lines(await response.Content.ReadAsStringAsync());
        Assert.Equal(expected, lines[0].Split(','));
        Assert.Equal(4, lines.Length);
        var row = lines[1].Split(',');
        var field = expected.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => row[x.i]);
        Assert.Equal(bought.Codes[0], field["retailer_basket_code"]);
        Assert.Equal("2025-01-10T09:00:00+00:00", field["timestamp"]);
        Assert.Equal("online", field["type"]);
        Assert.Equal("2", field["items_count"]);
        Assert.Equal("EUR", field["currency_code"]);
        Assert.Equal("€", field["currency_symbol"]);
        Assert.Equal("82.64", field["subtotal"]);
        Assert.Equal("100.00", field["total_value"]);
        Assert.Equal(ReceiptShop.Id(shop.BranchA), field["chain_business_id"]);
        Assert.Equal("Cape Town", field["chain_business_name"]);
        Assert.Equal("CT1", field["chain_business_owner_code"]);
        Assert.Equal(ReceiptShop.Id(shop.Shop.Member.Id), field["shopper_id"]);
        Assert.Equal("spaaza", field["shopper_member_program"]);
        Assert.Equal(shop.Shop.MemberNumber, field["shopper_member_number"]);
        Assert.Equal(shop.Shop.Member.Username, field["shopper_email"]);
        Assert.Equal("Jane", field["shopper_firstname"]);
        Assert.Equal("Smith", field["shopper_lastname"]);
        Assert.Equal("3.26", lines[2].Split(',')[Array.IndexOf(expected, "shipping_charge")]);

        var paged = await admin.Http.GetAsync($"/get-receipts.csv?chain_id={shop.Chain.ChainId}&number_results=1&results_offset=1");
        var pagedLines = Lines(await paged.Content.ReadAsStringAsync());
        Assert.Equal(2, pagedLines.Length);
        Assert.Contains(bought.Codes[1], pagedLines[1], StringComparison.Ordinal);
    }

    private static string[] Lines(string csv) => csv.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToArray();
}
