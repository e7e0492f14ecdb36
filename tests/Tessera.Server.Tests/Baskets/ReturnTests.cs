using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Server.Features.Campaigns;
using Tessera.Server.Protocol;
using Tessera.Server.Tests.Campaigns;
using Tessera.Server.Tests.Infrastructure;
using static Tessera.Server.Tests.Baskets.BasketCalls;

namespace Tessera.Server.Tests.Baskets;

/// <summary>Returns (spec lines 5106-5640): standalone, inline and anonymous returns and exchanges.</summary>
public sealed class ReturnTests
{
    private static async Task<SpaazaResponse> ReturnAsync(ShopSetup shop, string body)
    {
        using var privileged = shop.Chain.PrivilegedClient();
        return await privileged.SendJsonAsync(HttpMethod.Post, "/auth/return", body);
    }

    private static string StandaloneReturn(ShopSetup shop, long originalBasketId, string ownerCode, string items) =>
        $$"""{"entity":{"entity_type":"chain","entity_id":{{shop.Chain.ChainId}} },"return":{"return_owner_code":"{{ownerCode}}","original_basket_id":{{originalBasketId}},"note":"This item is being returned","items":{{items}} } }""";

    private static string ReturnItem(string barcode, int quantity, decimal price, string? originalCode, string extra = "") =>
        $$"""{"item_barcode":"{{barcode}}","item_quantity":{{quantity}},"item_price":{{price.ToString(CultureInfo.InvariantCulture)}},"return_item":true{{(originalCode is null ? "" : $$""","original_retailer_basket_code":"{{originalCode}}" """)}}{{extra}}}""";

    private static JsonElement Basket(SpaazaResponse response) => response.Results.GetProperty("basket");

    // ------------------------------------------------------------------ standalone return

    [Theory, AllEngines]
    public async Task A_standalone_return_by_basket_id_and_owner_code_answers_the_sample_and_reclaims_the_cashback_of_those_units(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var original = Code();
        var bought = await BasketCalls.AddAsync(shop, shop.Basket(original, ShopSetup.TwoItems));
        bought.AssertOk("add-basket");
        var basketId = Basket(bought).GetProperty("id").GetInt64();
        var lineId = Basket(bought).GetProperty("basket_items")[0].GetProperty("id").GetInt64();
        Assert.Equal(1000, await shop.BalanceAsync());
        var ownerCode = "R-" + original;

        var response = await ReturnAsync(shop, StandaloneReturn(shop, basketId, ownerCode, """[{"owner_code":"line_0","quantity":1}]"""));

        response.AssertOk("return-handler");
        Assert.False(response.Json.TryGetProperty("warnings", out _), response.Body);
        var results = response.Results;
        Assert.True(results.GetProperty("id").GetInt64() > 0);
        Assert.Equal(basketId, results.GetProperty("basket_id").GetInt64());
        Assert.Equal(original, results.GetProperty("retailer_basket_code").GetString());
        var returned = Assert.Single(results.GetProperty("returned_items").EnumerateArray());
        Assert.True(returned.GetProperty("id").GetInt64() > 0);
        Assert.Equal(lineId, returned.GetProperty("item_id").GetInt64());
        Assert.Equal("line_0", returned.GetProperty("owner_code").GetString());
        // line_0 (2 × 30.00) earned 6.00 of the 10.00; one unit of it gives back 3.00.
        Assert.Equal(700, await shop.BalanceAsync());
        Assert.Equal(700, await shop.LedgerSumAsync());
        var transaction = await shop.Chain.App.WithDbAsync(db => db.ReturnTransactions.AsNoTracking().SingleAsync(t => t.OriginalBasketId == basketId));
        Assert.Equal((ownerCode, "This item is being returned", (long?)null), (transaction.ReturnOwnerCode, transaction.Note, transaction.ReturningBasketId));

        // The same return_owner_code again: warning 311, the first answer, nothing changed.
        var repeat = await ReturnAsync(shop, StandaloneReturn(shop, basketId, ownerCode, """[{"owner_code":"line_0","quantity":1}]"""));
        repeat.AssertOk("return-handler");
        Assert.Equal([ErrorCodes.BasketAlreadyExists.Code], BasketCalls.WarningCodes(repeat));
        Assert.Equal(results.GetProperty("id").GetInt64(), repeat.Results.GetProperty("id").GetInt64());
        Assert.Equal(700, await shop.BalanceAsync());
        Assert.Equal(1, await shop.Chain.App.WithDbAsync(db => db.ReturnTransactions.CountAsync(t => t.OriginalBasketId == basketId)));
        Assert.Equal(1, await shop.Chain.App.WithDbAsync(db => db.BasketLineReturns.Where(r => r.LineId == lineId).Select(r => r.ReturnedQuantity).SingleAsync()));

        // One unit of line_0 remains: two is 310, and nothing changes.
        var tooMany = await ReturnAsync(shop, StandaloneReturn(shop, basketId, ownerCode + "-2", """[{"owner_code":"line_0","quantity":2}]"""));
        tooMany.AssertError(ErrorCodes.ReturnQuantityExceedsOriginalQuantity);
        Assert.Equal(700, await shop.BalanceAsync());
        Assert.Equal(1, await shop.Chain.App.WithDbAsync(db => db.ReturnTransactions.CountAsync(t => t.OriginalBasketId == basketId)));

        // By barcode and by the retailer's basket code, the last unit and the other line.
        var rest = await ReturnAsync(shop, $$"""{"entity":{"entity_type":"chain","entity_id":{{shop.Chain.ChainId}} },"return":{"return_owner_code":"{{ownerCode}}-3","original_retailer_basket_code":"{{original}}","items":[{"item_barcode":"111","quantity":1},{"owner_code":"line_1","quantity":1}]} }""");
        rest.AssertOk("return-handler");
        Assert.Equal(2, rest.Results.GetProperty("returned_items").GetArrayLength());
        Assert.Equal(0, await shop.BalanceAsync());
    }

    [Theory, AllEngines]
    public async Task A_standalone_return_of_an_unknown_basket_or_line_is_refused_with_308_or_309(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var bought = await BasketCalls.AddAsync(shop, shop.Basket(Code(), ShopSetup.TwoItems));
        var basketId = Basket(bought).GetProperty("id").GetInt64();

        (await ReturnAsync(shop, StandaloneReturn(shop, basketId + 100000, "R-" + Code(), """[{"owner_code":"line_0","quantity":1}]""")))
            .AssertError(ErrorCodes.OriginalBasketNotFound);
        (await ReturnAsync(shop, StandaloneReturn(shop, basketId, "R-" + Code(), """[{"owner_code":"line_7","quantity":1}]""")))
            .AssertError(ErrorCodes.OriginalBasketItemNotFound);
        Assert.Equal(1000, await shop.BalanceAsync());
        Assert.Equal(0, await shop.Chain.App.WithDbAsync(db => db.ReturnTransactions.CountAsync(t => t.OriginalBasketId == basketId)));
    }

    [Trait("Category", "Slow")]
    [Theory, AllEngines]
    public async Task Parallel_standalone_returns_with_one_return_owner_code_reclaim_once(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var bought = await BasketCalls.AddAsync(shop, shop.Basket(Code(), ShopSetup.TwoItems));
        var basketId = Basket(bought).GetProperty("id").GetInt64();
        var body = StandaloneReturn(shop, basketId, "R-" + Code(), """[{"owner_code":"line_0","quantity":1}]""");

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => ReturnAsync(shop, body)));

        Assert.All(responses, r => r.AssertOk("return-handler"));
        Assert.Single(responses, r => BasketCalls.WarningCodes(r).Count == 0);
        Assert.All(responses.Where(r => BasketCalls.WarningCodes(r).Count > 0), r => Assert.Equal([ErrorCodes.BasketAlreadyExists.Code], BasketCalls.WarningCodes(r)));
        Assert.Single(responses.Select(r => r.Results.GetProperty("id").GetInt64()).Distinct());
        Assert.Equal(700, await shop.BalanceAsync());
        Assert.Equal(700, await shop.LedgerSumAsync());
        Assert.Equal(1, await shop.Chain.App.WithDbAsync(db => db.ReturnTransactions.CountAsync(t => t.OriginalBasketId == basketId)));
    }

    [Trait("Category", "Slow")]
    [Theory, AllEngines]
    public async Task Parallel_standalone_returns_of_the_last_units_take_them_once_and_the_others_answer_310(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var bought = await BasketCalls.AddAsync(shop, shop.Basket(Code(), ShopSetup.TwoItems));
        var basketId = Basket(bought).GetProperty("id").GetInt64();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            ReturnAsync(shop, StandaloneReturn(shop, basketId, "R-" + Code(), """[{"owner_code":"line_0","quantity":2}]"""))));

        Assert.Single(responses, r => r.Status == System.Net.HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.Status != System.Net.HttpStatusCode.OK), r => r.AssertError(ErrorCodes.ReturnQuantityExceedsOriginalQuantity));
        // line_0 earned 6.00 of the 10.00, reclaimed once.
        Assert.Equal(400, await shop.BalanceAsync());
        Assert.Equal(400, await shop.LedgerSumAsync());
        Assert.Equal(1, await shop.Chain.App.WithDbAsync(db => db.ReturnTransactions.CountAsync(t => t.OriginalBasketId == basketId)));
    }

    // ------------------------------------------------------------------ inline returns

    [Theory, AllEngines]
    public async Task Member_B_returning_member_As_item_in_Bs_own_basket_reverses_As_wallet_and_not_Bs(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var memberB = await shop.Chain.AddMemberAsync();
        var original = Code();
        var bought = await BasketCalls.AddAsync(shop, shop.Basket(original, ShopSetup.TwoItems));
        bought.AssertOk("add-basket");
        Assert.Equal(1000, await shop.BalanceAsync());

        var items = $"[{ReturnItem("222", 1, -40.00m, original)},{{\"item_barcode\":\"333\",\"retailer_item_code\":\"line_0\",\"item_quantity\":1,\"item_price\":50.00}}]";
        var exchange = await BasketCalls.AddAsync(shop, shop.Basket(Code(), items, memberNumber: BasketCalls.Number(memberB), total: 10m));

        exchange.AssertOk("add-basket");
        Assert.Equal(memberB.Id, exchange.Results.GetProperty("user").GetProperty("user_id").GetInt32());
        var transaction = Assert.Single(Basket(exchange).GetProperty("return_transactions").EnumerateArray());
        Assert.Equal(Basket(bought).GetProperty("id").GetInt64(), transaction.GetProperty("basket_id").GetInt64());
        var reclaim = Assert.Single(Assert.Single(transaction.GetProperty("returned_items").EnumerateArray()).GetProperty("purchase_progress_distribution_reclaims").EnumerateArray());
        Assert.Equal(-4.00m, reclaim.GetProperty("amount").GetDecimal());
        // A's 10.00 loses what line_1 earned (4.00); B earns 10% of the 50.00 bought and loses nothing.
        Assert.Equal(600, await shop.BalanceAsync());
        Assert.Equal(600, await shop.LedgerSumAsync());
        Assert.Equal(500, await shop.BalanceAsync(memberB.Id));
        Assert.Equal(500, await shop.LedgerSumAsync(memberB.Id));
    }

    [Theory, AllEngines]
    public async Task An_anonymous_shopper_returning_a_members_item_reverses_the_members_wallet(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var original = Code();
        (await BasketCalls.AddAsync(shop, shop.Basket(original, ShopSetup.TwoItems))).AssertOk("add-basket");

        var response = await BasketCalls.AddAsync(shop, shop.Basket(Code(), $"[{ReturnItem("111", 2, -30m, original)}]", memberNumber: null, total: -60m));

        response.AssertOk("add-basket");
        Assert.Single(Basket(response).GetProperty("return_transactions").EnumerateArray());
        Assert.Equal(400, await shop.BalanceAsync());
        Assert.Equal(400, await shop.LedgerSumAsync());
    }

    [Theory, AllEngines]
    public async Task An_inline_return_without_original_basket_finds_the_members_most_recent_unreturned_purchase_of_the_barcode(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var other = await shop.Chain.AddMemberAsync();
        var newer = Code();
        var older = Code();
        const string item = """[{"item_barcode":"777","retailer_item_code":"line_0","item_quantity":1,"item_price":30.00}]""";
        // The newer purchase is stored first, so that the most recent is not merely the last stored.
        var newerBasket = await BasketCalls.AddAsync(shop, BasketCalls.Edit(shop.Basket(newer, item, total: 30m), b => b["basket"]!["basket_timestamp_iso8601"] = "2026-02-01T10:00:00+01:00"));
        var olderBasket = await BasketCalls.AddAsync(shop, BasketCalls.Edit(shop.Basket(older, item, total: 30m), b => b["basket"]!["basket_timestamp_iso8601"] = "2026-01-01T10:00:00+01:00"));
        // Another member's later purchase of the same barcode is not this member's.
        (await BasketCalls.AddAsync(shop, BasketCalls.Edit(shop.Basket(Code(), item, memberNumber: BasketCalls.Number(other), total: 30m), b => b["basket"]!["basket_timestamp_iso8601"] = "2026-02-15T10:00:00+01:00"))).AssertOk("add-basket");
        var newerId = Basket(newerBasket).GetProperty("id").GetInt64();
        var olderId = Basket(olderBasket).GetProperty("id").GetInt64();
        Assert.Equal(600, await shop.BalanceAsync());

        var first = await BasketCalls.AddAsync(shop, shop.Basket(Code(), $"[{ReturnItem("777", 1, -30m, null)}]", total: -30m));
        var second = await BasketCalls.AddAsync(shop, shop.Basket(Code(), $"[{ReturnItem("777", 1, -30m, null)}]", total: -30m));
        var third = await BasketCalls.AddAsync(shop, shop.Basket(Code(), $"[{ReturnItem("777", 1, -30m, null)}]", total: -30m));

        first.AssertOk("add-basket");
        Assert.Equal(newerId, Assert.Single(Basket(first).GetProperty("return_transactions").EnumerateArray()).GetProperty("basket_id").GetInt64());
        second.AssertOk("add-basket");
        Assert.Equal(olderId, Assert.Single(Basket(second).GetProperty("return_transactions").EnumerateArray()).GetProperty("basket_id").GetInt64());
        // Nothing of this member's is left to return.
        Assert.Contains(third.ErrorCode, new[] { ErrorCodes.ReturnQuantityExceedsOriginalQuantity.Code, ErrorCodes.OriginalBasketItemNotFound.Code });
        Assert.Equal(0, await shop.BalanceAsync());
        Assert.Equal(300, await shop.BalanceAsync(other.Id));
    }

    [Theory, AllEngines]
    public async Task An_inline_return_without_original_basket_finds_a_purchase_behind_more_than_a_page_of_newer_baskets(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        const string item = """[{"item_barcode":"888","retailer_item_code":"line_0","item_quantity":1,"item_price":30.00}]""";
        var bought = await BasketCalls.AddAsync(shop, BasketCalls.Edit(shop.Basket(Code(), item, total: 30m), b => b["basket"]!["basket_timestamp_iso8601"] = "2026-01-01T10:00:00+01:00"));
        var boughtId = Basket(bought).GetProperty("id").GetInt64();
        // 120 newer baskets of the member without that barcode (the planner reads the member's baskets 100 at a time).
        for (var i = 0; i < 120; i++)
        {
            (await BasketCalls.AddAsync(shop, BasketCalls.Edit(shop.Basket(Code(), ShopSetup.TwoItems),
                b => b["basket"]!["basket_timestamp_iso8601"] = $"2026-02-{1 + (i % 28):00}T10:00:00+01:00"))).AssertOk("add-basket");
        }
        var before = await shop.BalanceAsync();

        var returned = await BasketCalls.AddAsync(shop, shop.Basket(Code(), $"[{ReturnItem("888", 1, -30m, null)}]", total: -30m));

        returned.AssertOk("add-basket");
        Assert.Equal(boughtId, Assert.Single(Basket(returned).GetProperty("return_transactions").EnumerateArray()).GetProperty("basket_id").GetInt64());
        Assert.Equal(before - 300, await shop.BalanceAsync());
        Assert.Equal(await shop.LedgerSumAsync(), await shop.BalanceAsync());
    }

    [Theory, AllEngines]
    public async Task An_inline_return_without_original_basket_for_an_anonymous_shopper_is_refused_with_309(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        (await BasketCalls.AddAsync(shop, shop.Basket(Code(), ShopSetup.TwoItems))).AssertOk("add-basket");
        var code = Code();

        var response = await BasketCalls.AddAsync(shop, shop.Basket(code, $"[{ReturnItem("111", 1, -30m, null)}]", memberNumber: null, total: -30m));

        response.AssertError(ErrorCodes.OriginalBasketItemNotFound);
        Assert.Equal(0, await BasketCalls.BasketCountAsync(shop, code));
        Assert.Equal(1000, await shop.BalanceAsync());
    }

    [Theory, AllEngines]
    public async Task A_return_item_without_a_price_is_returned_at_the_negative_of_the_original_price(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var original = Code();
        (await BasketCalls.AddAsync(shop, shop.Basket(original, ShopSetup.TwoItems))).AssertOk("add-basket");

        var response = await BasketCalls.AddAsync(shop, shop.Basket(Code(), $$"""[{"item_barcode":"222","return_item":true,"original_retailer_basket_code":"{{original}}"}]""", total: -40m));

        response.AssertOk("add-basket");
        var returned = Assert.Single(Assert.Single(Basket(response).GetProperty("return_transactions").EnumerateArray()).GetProperty("returned_items").EnumerateArray());
        Assert.Equal(-40.00m, returned.GetProperty("return_price").GetDecimal());
        Assert.Equal(40.00m, returned.GetProperty("sale_price").GetDecimal());
        Assert.Equal(1, returned.GetProperty("quantity").GetInt32());
        Assert.Equal(600, await shop.BalanceAsync());
    }

    [Theory, AllEngines]
    public async Task A_return_basket_without_basket_currency_takes_the_currency_of_the_original_purchase(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var original = Code();
        var gbp = BasketCalls.Edit(shop.Basket(original, ShopSetup.TwoItems), b => b["basket"]!["basket_currency"] = new System.Text.Json.Nodes.JsonObject { ["currency_code"] = "GBP" });
        (await BasketCalls.AddAsync(shop, gbp)).AssertOk("add-basket");
        var code = Code();

        var response = await BasketCalls.AddAsync(shop, BasketCalls.Edit(shop.Basket(code, $"[{ReturnItem("222", 1, -40m, original)}]", total: -40m), b => b["basket"]!.AsObject().Remove("basket_currency")));

        response.AssertOk("add-basket");
        Assert.Equal(3, Basket(response).GetProperty("currency_id").GetInt32());
        Assert.Equal("GBP", Basket(response).GetProperty("basket_currency").GetProperty("currency_code").GetString());
        Assert.Equal(3, (await BasketCalls.StoredAsync(shop, code)).CurrencyId);
    }

    [Theory, AllEngines]
    public async Task A_basket_refused_for_its_returns_leaves_its_retailer_basket_code_free(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var original = Code();
        (await BasketCalls.AddAsync(shop, shop.Basket(original, ShopSetup.TwoItems))).AssertOk("add-basket");
        var code = Code();

        (await BasketCalls.AddAsync(shop, shop.Basket(code, $"[{ReturnItem("222", 2, -40m, original)}]", total: -80m))).AssertError(ErrorCodes.ReturnQuantityExceedsOriginalQuantity);
        var again = await BasketCalls.AddAsync(shop, shop.Basket(code, $"[{ReturnItem("222", 1, -40m, original)}]", total: -40m));

        again.AssertOk("add-basket");
        Assert.Empty(BasketCalls.WarningCodes(again));
        Assert.Equal(600, await shop.BalanceAsync());
    }

    // ------------------------------------------------------------------ anonymous returns

    private static async Task AllowAnonymousReturnsAsync(ShopSetup shop) => await ChangeChainAsync(shop, chain => chain.AllowAnonymousReturns = true);

    /// <summary>An exchange of an anonymous shopper: a new 50.00 line, and line_1 (40.00) of <paramref name="original"/> back.</summary>
    private static string AnonymousExchange(ShopSetup shop, string code, string original) => shop.Basket(code,
        $$"""[{"item_barcode":"333","retailer_item_code":"line_0","item_quantity":1,"item_price":50.00},{"item_barcode":"222","item_quantity":1,"item_price":-40.00,"return_item":true,"original_retailer_basket_code":"{{original}}"}]""",
        memberNumber: null, total: 10m);

    /// <summary>
    /// spec member_number: "if a chain business opts to allow for anonymous returns, the shopper will be recognised by
    /// the member_number from the original_retailer_basket_code": the exchange is the member's basket, so its new line
    /// earns for them, and the answer names them.
    /// </summary>
    [Theory, AllEngines]
    public async Task With_anonymous_returns_allowed_an_anonymous_exchange_is_the_basket_of_the_member_who_bought_the_returned_item(string engine)
    {
        await using var app = new TesseraApp(engine);
        var shop = await ShopSetup.CreateAsync(app);
        await AllowAnonymousReturnsAsync(shop);
        var original = Code();
        (await BasketCalls.AddAsync(shop, shop.Basket(original, ShopSetup.TwoItems))).AssertOk("add-basket");
        Assert.Equal(1000, await shop.BalanceAsync());
        var (voucherId, voucherKey) = await shop.VoucherAsync("5.00");

        var priced = await BasketCalls.PriceAsync(shop, AnonymousExchange(shop, Code(), original));
        var code = Code();
        // A shopper of another programme is not identified either: the answer then names the member's programme.
        var added = await BasketCalls.AddAsync(shop, BasketCalls.Edit(AnonymousExchange(shop, code, original),
            b =>
            {
                b["user"] = new JsonObject { ["member_programme"] = "partner_card", ["member_number"] = "P-77" };
                b["basket"]!["basket_vouchers"] = new JsonArray(new JsonObject { ["voucher_key"] = voucherKey });
            }));

        priced.AssertOk("get-basket-price");
        Assert.Equal(shop.MemberNumber, priced.Results.GetProperty("user").GetProperty("member_number").GetString());
        // The member's claimed voucher is priced for them, as for a basket that named them.
        Assert.Equal(voucherId, Assert.Single(Basket(priced).GetProperty("basket_vouchers_applied").EnumerateArray()).GetProperty("voucher_id").GetInt64());
        added.AssertOk("add-basket");
        Assert.Equal(shop.MemberNumber, added.Results.GetProperty("user").GetProperty("member_number").GetString());
        Assert.Equal("spaaza", added.Results.GetProperty("user").GetProperty("member_programme").GetString());
        // The member's voucher the till names is redeemed, as in a basket that named them.
        Assert.Equal(voucherId, Assert.Single(Basket(added).GetProperty("basket_vouchers_applied").EnumerateArray()).GetProperty("voucher_id").GetInt64());
        // 10.00 earned, 4.00 of it taken back by the return, 4.50 earned by the new line (50.00 less the 5.00 voucher).
        Assert.Equal(1050, await shop.BalanceAsync());
        Assert.Equal(1050, await shop.LedgerSumAsync());
        Assert.Equal(shop.Member.Id, await app.WithDbAsync(db => db.Baskets.Where(b => b.ChainId == shop.Chain.ChainId && b.RetailerBasketCode == code).Select(b => b.UserId).SingleAsync()));
    }

    [Theory, AllEngines]
    public async Task Without_anonymous_returns_an_anonymous_exchange_stays_anonymous_and_only_takes_back_what_the_returned_item_earned(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var original = Code();
        (await BasketCalls.AddAsync(shop, shop.Basket(original, ShopSetup.TwoItems))).AssertOk("add-basket");
        var code = Code();

        var added = await BasketCalls.AddAsync(shop, AnonymousExchange(shop, code, original));

        added.AssertOk("add-basket");
        Assert.Equal(JsonValueKind.Null, added.Results.GetProperty("user").ValueKind);
        Assert.Equal(600, await shop.BalanceAsync());
        Assert.Null(await shop.Chain.App.WithDbAsync(db => db.Baskets.Where(b => b.ChainId == shop.Chain.ChainId && b.RetailerBasketCode == code).Select(b => b.UserId).SingleAsync()));
    }

    /// <summary>Changes a chain setting that has no API yet, in the database, and makes the server see it.</summary>
    private static async Task ChangeChainAsync(ShopSetup shop, Action<Tessera.Server.Data.Entities.Chain> change)
    {
        var app = shop.Chain.App;
        await app.WithDbAsync(async db =>
        {
            change(await db.Chains.SingleAsync(c => c.Id == shop.Chain.ChainId));
            return await db.SaveChangesAsync();
        });
        app.Services.GetRequiredService<CampaignCatalogue>().Invalidate(shop.Chain.ChainId);
        // A read of the chain already under way (the loyalty review worker reads programmes) may put the old setting
        // back in the catalogue; past the catalogue's age every server reads it again (docs/adr/0015-caches-are-per-process-and-stale-for-at-most-a-minute.md).
        app.Clock.Advance(CampaignCatalogue.MaxAge + TimeSpan.FromSeconds(1));
    }
}
