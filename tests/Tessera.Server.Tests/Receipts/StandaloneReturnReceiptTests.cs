using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tessera.Server.Features.Events;
using Tessera.Server.Protocol;
using Tessera.Server.Tests.Infrastructure;
using static Tessera.Server.Tests.Baskets.BasketCalls;

namespace Tessera.Server.Tests.Receipts;

/// <summary>
/// A standalone return (<c>POST /auth/return</c>) is its own receipt (issue 27: "returns appear as their own receipts
/// that refer to the original"): its id is its return_owner_code, its lines are returns with negative amounts.
/// </summary>
public sealed class StandaloneReturnReceiptTests
{
    private static JsonElement ListSample() => JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "SpecData", "receipts-for-user-sample.txt"))).RootElement;

    /// <summary>Returns the tee (line_1, 40.00) of <paramref name="original"/> by the standalone return call.</summary>
    private static async Task<SpaazaResponse> ReturnTeeAsync(ReceiptShop shop, SpaazaResponse original, string returnCode)
    {
        var basketId = original.Results.GetProperty("basket").GetProperty("id").GetInt64();
        using var privileged = shop.Chain.PrivilegedClient();
        return await privileged.SendJsonAsync(HttpMethod.Post, "/auth/return",
            $$"""{"entity":{"entity_type":"chain","entity_id":{{shop.Chain.ChainId}} },"return":{"return_owner_code":"{{returnCode}}","original_basket_id":{{basketId}},"note":"wrong size","items":[{"owner_code":"line_1","quantity":1}]} }""");
    }

    private static Task<List<string>> EventsAsync(ReceiptShop shop) => shop.Chain.App.WithDbAsync(db => db.OutboxEvents.AsNoTracking()
        .Where(e => e.ChainId == shop.Chain.ChainId && e.Type == EventTypes.ReceiptCreated).OrderBy(e => e.Id).Select(e => e.Payload).ToListAsync());

    [Theory, AllEngines]
    public async Task A_members_standalone_return_is_its_own_receipt_referring_to_the_original_with_negative_amounts(string engine)
    {
        var shop = await ReceiptShop.CreateAsync(TesseraApp.Shared(engine));
        var first = Code();
        var bought = await shop.BuyAsync(first);
        var returnCode = "R-" + Code();
        (await ReturnTeeAsync(shop, bought, returnCode)).AssertOk("return-handler");

        using var member = await shop.MemberClientAsync();
        var receipts = await ReceiptShop.ReceiptsAsync(member, shop.Shop.Member.Id);

        Assert.Equal(new List<string> { returnCode, first }, receipts.EnumerateArray().Select(r => r.GetProperty("id").GetString()!).ToList());
        var returned = receipts[0];
        SpecSamples.AssertShape(ReceiptShop.WithoutId(ListSample()[0]), returned);
        Assert.Equal(new List<string> { first }, returned.GetProperty("original_receipt_ids").EnumerateArray().Select(c => c.GetString()!).ToList());
        Assert.Empty(receipts[1].GetProperty("original_receipt_ids").EnumerateArray());
        Assert.Equal(-1, returned.GetProperty("quantity").GetDecimal());
        Assert.Equal(-40.00m, returned.GetProperty("total_value").GetDecimal());
        Assert.Equal(-40.00m, returned.GetProperty("subtotal").GetDecimal());
        var line = Assert.Single(returned.GetProperty("line_items").EnumerateArray());
        Assert.True(line.GetProperty("is_return").GetBoolean());
        Assert.Equal("Best tee", line.GetProperty("name").GetString());
        Assert.Equal("TEE-1", line.GetProperty("sku").GetString());
        Assert.Equal(-40.00m, line.GetProperty("original_price").GetDecimal());
        Assert.Equal(-40.00m, line.GetProperty("sale_price").GetDecimal());
        Assert.Equal(1, line.GetProperty("quantity").GetDecimal());
        Assert.Equal(shop.Shop.Member.Id, returned.GetProperty("shopper").GetProperty("id").GetInt32());
        Assert.Equal("Cape Town", returned.GetProperty("chain").GetProperty("business").GetProperty("name").GetString());

        // The return's own code names it; the member, an admin and a privileged client read the same object.
        var one = await member.GetAsync("/receipts/" + returnCode);
        Assert.True(one.Status == HttpStatusCode.OK, one.Body);
        SpecSamples.AssertShape(ReceiptShop.WithoutId(SpecSamples.Read("receipt-webhook-sample.txt")), one.Json);
        Assert.Equal(returnCode, one.Json.GetProperty("id").GetString());
        Assert.Equal(-40.00m, one.Json.GetProperty("total_value").GetDecimal());

        // Its download link gives its PDF.
        var url = new Uri(returned.GetProperty("download_url").GetString()!);
        var pdf = await shop.Chain.App.Client().Http.GetAsync(url.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
    }

    [Theory, AllEngines]
    public async Task The_chains_list_and_csv_have_the_standalone_return_after_its_original_with_a_negative_total(string engine)
    {
        var shop = await ReceiptShop.CreateAsync(TesseraApp.Shared(engine));
        var first = Code();
        var bought = await shop.BuyAsync(first);
        var returnCode = "R-" + Code();
        (await ReturnTeeAsync(shop, bought, returnCode)).AssertOk("return-handler");
        using var admin = await shop.Chain.AdminClientAsync();
        var chain = ("chain_id", ReceiptShop.Id(shop.Chain.ChainId));

        var all = await admin.GetAsync("/get-receipts", chain);
        var byCode = await admin.GetAsync("/get-receipts", chain, ("retailer_basket_code", returnCode));
        var byMember = await admin.GetAsync("/get-receipts", chain, ("user_id", ReceiptShop.Id(shop.Shop.Member.Id)));
        var byOtherBranch = await admin.GetAsync("/get-receipts", chain, ("branch_business_owner_code", "WF2"));
        var csv = await admin.Http.GetAsync($"/get-receipts.csv?chain_id={shop.Chain.ChainId}");

        all.AssertOk("get-receipts");
        var listed = all.Results.GetProperty("receipts").EnumerateArray().ToList();
        Assert.Equal([first, returnCode], listed.Select(r => r.GetProperty("retailer_basket_code").GetString()!));
        SpecSamples.AssertShape(SpecSamples.Results("get-receipts-sample.txt")["receipts"][1], listed[1]);
        Assert.Equal(-40.00m, listed[1].GetProperty("total_value").GetDecimal());
        Assert.Equal(returnCode, Assert.Single(byCode.Results.GetProperty("receipts").EnumerateArray()).GetProperty("retailer_basket_code").GetString());
        Assert.Equal(2, byMember.Results.GetProperty("receipts").GetArrayLength());
        Assert.Equal(0, byOtherBranch.Results.GetProperty("receipts").GetArrayLength());
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToArray();
        Assert.Equal(3, lines.Length);
        var columns = lines[0].Split(',');
        var row = lines[2].Split(',');
        Assert.Equal(returnCode, row[Array.IndexOf(columns, "retailer_basket_code")]);
        Assert.Equal("-40.00", row[Array.IndexOf(columns, "total_value")]);
        Assert.Equal("wrong size", row[Array.IndexOf(columns, "notes")]);
        Assert.Equal(ReceiptShop.Id(shop.Shop.Member.Id), row[Array.IndexOf(columns, "shopper_id")]);
    }

    [Theory, AllEngines]
    public async Task The_returns_webhook_event_is_written_with_it_and_its_payload_is_the_receipt_read_back(string engine)
    {
        var shop = await ReceiptShop.CreateAsync(TesseraApp.Shared(engine));
        var bought = await shop.BuyAsync(Code());
        var returnCode = "R-" + Code();
        (await ReturnTeeAsync(shop, bought, returnCode)).AssertOk("return-handler");

        var events = await EventsAsync(shop);
        using var member = await shop.MemberClientAsync();
        var read = await ReceiptShop.ReceiptsAsync(member, shop.Shop.Member.Id);

        Assert.Equal(2, events.Count);
        SpecSamples.AssertShape(ReceiptShop.WithoutId(SpecSamples.Read("receipt-webhook-sample.txt")), JsonDocument.Parse(events[1]).RootElement);
        // The clock stood still, so even the signed link is the same: the body is the receipt, byte for byte.
        Assert.Equal(read[0].GetRawText(), events[1]);
        Assert.Equal(returnCode, JsonDocument.Parse(events[1]).RootElement.GetProperty("id").GetString());
    }

    [Theory, AllEngines]
    public async Task A_replayed_return_makes_no_second_receipt_nor_event_even_in_parallel(string engine)
    {
        var shop = await ReceiptShop.CreateAsync(TesseraApp.Shared(engine));
        var bought = await shop.BuyAsync(Code());
        var returnCode = "R-" + Code();

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => ReturnTeeAsync(shop, bought, returnCode)));
        var replay = await ReturnTeeAsync(shop, bought, returnCode);

        Assert.All(answers, a => Assert.True(a.Status == HttpStatusCode.OK, a.Body));
        replay.AssertOk("return-handler");
        using var member = await shop.MemberClientAsync();
        var receipts = await ReceiptShop.ReceiptsAsync(member, shop.Shop.Member.Id);
        Assert.Single(receipts.EnumerateArray(), r => r.GetProperty("id").GetString() == returnCode);
        Assert.Equal(2, receipts.GetArrayLength());
        Assert.Equal(2, (await EventsAsync(shop)).Count);
    }

    [Theory, AllEngines]
    public async Task Another_member_or_chain_cannot_see_the_return_and_an_anonymous_return_is_only_in_the_chains_list(string engine)
    {
        var app = TesseraApp.Shared(engine);
        var shop = await ReceiptShop.CreateAsync(app);
        var other = await shop.Chain.AddMemberAsync();
        var returnCode = "R-" + Code();
        (await ReturnTeeAsync(shop, await shop.BuyAsync(Code()), returnCode)).AssertOk("return-handler");
        var anonymousCode = "R-" + Code();
        (await ReturnTeeAsync(shop, await shop.BuyAsync(Code(), memberNumber: null), anonymousCode)).AssertOk("return-handler");
        var elsewhere = await ReceiptShop.CreateAsync(app);

        using var theirs = await shop.MemberClientAsync(other);
        var theirList = await ReceiptShop.ReceiptsAsync(theirs, other.Id);
        var theirRead = await theirs.GetAsync("/receipts/" + returnCode);
        using var foreign = elsewhere.PrivilegedServicesClient();
        var foreignRead = await foreign.GetAsync("/receipts/" + returnCode);
        using var foreignAdmin = await elsewhere.Chain.AdminClientAsync();
        var foreignList = await foreignAdmin.GetAsync("/get-receipts", ("chain_id", ReceiptShop.Id(elsewhere.Chain.ChainId)));
        using var member = await shop.MemberClientAsync();
        var own = await ReceiptShop.ReceiptsAsync(member, shop.Shop.Member.Id);
        using var admin = await shop.Chain.AdminClientAsync();
        var chainList = await admin.GetAsync("/get-receipts", ("chain_id", ReceiptShop.Id(shop.Chain.ChainId)), ("retailer_basket_code", anonymousCode));

        Assert.Equal(0, theirList.GetArrayLength());
        theirRead.AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
        foreignRead.AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
        foreignList.AssertOk("get-receipts");
        Assert.Equal(0, foreignList.Results.GetProperty("receipts").GetArrayLength());
        Assert.DoesNotContain(own.EnumerateArray(), r => r.GetProperty("id").GetString() == anonymousCode);
        var anonymous = Assert.Single(chainList.Results.GetProperty("receipts").EnumerateArray());
        Assert.Equal(-40.00m, anonymous.GetProperty("total_value").GetDecimal());
    }
}
