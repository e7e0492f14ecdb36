using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Tessera.Server.Protocol;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Baskets;

/// <summary>Shared helpers of the basket edge tests: sending bodies and reading what a chain stored.</summary>
internal static class BasketCalls
{
    public const string AddBasket = "/auth/add-basket";
    public const string GetBasketPrice = "/auth/get-basket-price";

    public static string Code() => "E-" + Guid.NewGuid().ToString("N")[..12];

    public static string Number(Tessera.Server.Data.Entities.User member) => member.MemberNumber ?? member.Id.ToString(CultureInfo.InvariantCulture);

    public static async Task<SpaazaResponse> SendAsync(ShopSetup shop, string path, string body)
    {
        using var privileged = shop.Chain.PrivilegedClient();
        return await privileged.SendJsonAsync(HttpMethod.Post, path, body);
    }

    public static Task<SpaazaResponse> AddAsync(ShopSetup shop, string body) => SendAsync(shop, AddBasket, body);

    public static Task<SpaazaResponse> PriceAsync(ShopSetup shop, string body) => SendAsync(shop, GetBasketPrice, body);

    /// <summary>The body of <see cref="ShopSetup.Basket"/>, changed by <paramref name="change"/>.</summary>
    public static string Edit(string body, Action<JsonObject> change)
    {
        var node = JsonNode.Parse(body)!.AsObject();
        change(node);
        return node.ToJsonString();
    }

    public static Task<int> BasketCountAsync(ShopSetup shop) => shop.Chain.App.WithDbAsync(db => db.Baskets.CountAsync(b => b.ChainId == shop.Chain.ChainId));

    public static Task<int> BasketCountAsync(ShopSetup shop, string code) =>
        shop.Chain.App.WithDbAsync(db => db.Baskets.CountAsync(b => b.ChainId == shop.Chain.ChainId && b.RetailerBasketCode == code));

    public static Task<Tessera.Server.Data.Entities.Basket> StoredAsync(ShopSetup shop, string code) =>
        shop.Chain.App.WithDbAsync(db => db.Baskets.AsNoTracking().SingleAsync(b => b.ChainId == shop.Chain.ChainId && b.RetailerBasketCode == code));

    public static IReadOnlyList<int> WarningCodes(SpaazaResponse response) =>
        response.Json.TryGetProperty("warnings", out var warnings) ? warnings.EnumerateArray().Select(w => w.GetProperty("code").GetInt32()).ToList() : [];
}

/// <summary>
/// add-basket and get-basket-price at their edges (spec lines 3741-5105): the error catalogue of the calls,
/// anonymous baskets, branches, payment methods, products created from item metadata, purchase statistics.
/// </summary>
public sealed class BasketEdgeTests
{
    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static string Code() => BasketCalls.Code();

    // ------------------------------------------------------------------ basket_tax

    /// <summary>
    /// spec basket_tax: the add-basket sample answers each tax line with its <c>id</c> and <c>basket_id</c>; the
    /// provisional basket of get-basket-price has no ids. A replay answers the same lines, and the stored basket keeps them.
    /// </summary>
    [Theory, AllEngines]
    public async Task A_confirmed_basket_answers_its_tax_lines_with_their_own_ids_and_the_basket_id_and_a_priced_one_without_ids(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var code = Code();
        var body = shop.Basket(code, ShopSetup.TwoItems, extra: ""","basket_tax":[{"tax_rate":0.21,"tax_total":17.36},{"tax_rate":0.06,"tax_total":1.00}]""");

        var priced = await BasketCalls.PriceAsync(shop, body);
        var added = await BasketCalls.AddAsync(shop, body);
        var replayed = await BasketCalls.AddAsync(shop, body);

        priced.AssertOk("get-basket-price");
        Assert.All(priced.Results.GetProperty("basket").GetProperty("basket_tax").EnumerateArray(), t => Assert.False(t.TryGetProperty("id", out _)));
        added.AssertOk("add-basket");
        var basket = added.Results.GetProperty("basket");
        var basketId = basket.GetProperty("id").GetInt64();
        var taxes = basket.GetProperty("basket_tax").EnumerateArray().ToList();
        Assert.Equal([(0.21m, 17.36m), (0.06m, 1.00m)], taxes.Select(t => (t.GetProperty("tax_rate").GetDecimal(), t.GetProperty("tax_total").GetDecimal())));
        Assert.All(taxes, t => Assert.Equal(basketId, t.GetProperty("basket_id").GetInt64()));
        var ids = taxes.Select(t => t.GetProperty("id").GetInt64()).ToList();
        var lineIds = basket.GetProperty("basket_items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64());
        Assert.Equal(4, ids.Concat(lineIds).Distinct().Count());
        Assert.Equal(basket.GetProperty("basket_tax").GetRawText(), replayed.Results.GetProperty("basket").GetProperty("basket_tax").GetRawText());
        var stored = await shop.Chain.App.WithDbAsync(db => db.Baskets.AsNoTracking().SingleAsync(b => b.ChainId == shop.Chain.ChainId && b.RetailerBasketCode == code));
        Assert.Equal(ids, JsonDocument.Parse(stored.TaxesJson).RootElement.EnumerateArray().Select(t => t.GetProperty("id").GetInt64()));
    }

    // ------------------------------------------------------------------ errors

    /// <summary>Each refused call, once through add-basket and once through get-basket-price.</summary>
    private static async Task AssertRefusedOnBothCallsAsync(ShopSetup shop, string body, ApiError expected, string code)
    {
        var basketsBefore = await BasketCalls.BasketCountAsync(shop);
        var balanceBefore = await shop.BalanceAsync();
        var ledgerBefore = await shop.LedgerSumAsync();
        foreach (var path in new[] { BasketCalls.AddBasket, BasketCalls.GetBasketPrice })
        {
            var response = await BasketCalls.SendAsync(shop, path, body);
            response.AssertError(expected);
        }
        Assert.Equal(0, await BasketCalls.BasketCountAsync(shop, code));
        Assert.Equal(basketsBefore, await BasketCalls.BasketCountAsync(shop));
        Assert.Equal(balanceBefore, await shop.BalanceAsync());
        Assert.Equal(ledgerBefore, await shop.LedgerSumAsync());
    }

    [Theory, AllEngines]
    public async Task A_basket_without_retailer_basket_code_or_entity_is_refused_with_3(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var code = Code();
        var full = shop.Basket(code, ShopSetup.TwoItems);

        await AssertRefusedOnBothCallsAsync(shop, BasketCalls.Edit(full, b => b["basket"]!.AsObject().Remove("retailer_basket_code")), ErrorCodes.HttpVarsMissing, code);
        await AssertRefusedOnBothCallsAsync(shop, BasketCalls.Edit(full, b => b["basket"]!["retailer_basket_code"] = "  "), ErrorCodes.HttpVarsMissing, code);
        await AssertRefusedOnBothCallsAsync(shop, BasketCalls.Edit(full, b => b.Remove("entity")), ErrorCodes.HttpVarsMissing, code);
        await AssertRefusedOnBothCallsAsync(shop, BasketCalls.Edit(full, b => b["entity"]!.AsObject().Remove("entity_id")), ErrorCodes.HttpVarsMissing, code);
        await AssertRefusedOnBothCallsAsync(shop, BasketCalls.Edit(full, b => b.Remove("basket")), ErrorCodes.HttpVarsMissing, code);
    }

    [Theory, AllEngines]
    public async Task A_body_that_is_not_a_json_object_is_refused_with_229_by_every_basket_call(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var basketsBefore = await BasketCalls.BasketCountAsync(shop);

        foreach (var path in new[] { BasketCalls.AddBasket, BasketCalls.GetBasketPrice, "/auth/return" })
        {
            foreach (var body in new[] { "entity=chain&retailer_basket_code=X", """{"entity": {""", "[]", "42", "" })
            {
                var response = await BasketCalls.SendAsync(shop, path, body);
                response.AssertError(ErrorCodes.JsonPostExpected);
                Assert.Equal(HttpStatusCode.BadRequest, response.Status);
            }
        }
        Assert.Equal(basketsBefore, await BasketCalls.BasketCountAsync(shop));
    }

    [Theory, AllEngines]
    public async Task A_country_code_of_three_letters_is_refused_with_420_and_a_four_letter_currency_code_with_231(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var code = Code();

        var country = BasketCalls.Edit(shop.Basket(code, ShopSetup.TwoItems), b => b["basket"]!["basket_country_code"] = "NLD");
        var currency = BasketCalls.Edit(shop.Basket(code, ShopSetup.TwoItems), b => b["basket"]!["basket_currency"] = new JsonObject { ["currency_code"] = "EURO" });

        await AssertRefusedOnBothCallsAsync(shop, country, ErrorCodes.CountryCodeInvalid, code);
        await AssertRefusedOnBothCallsAsync(shop, currency, ErrorCodes.CurrencyNotFound, code);
    }

    [Theory, AllEngines]
    public async Task Without_basket_total_price_the_total_is_recorded_as_0_and_the_adjusted_total_is_the_lines_less_the_voucher(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var (_, key) = await shop.VoucherAsync("5.00");
        var body = BasketCalls.Edit(shop.Basket(Code(), ShopSetup.TwoItems), b => b["basket"]!.AsObject().Remove("basket_total_price"));

        var priced = await BasketCalls.PriceAsync(shop, body);

        priced.AssertOk("get-basket-price");
        var basket = priced.Results.GetProperty("basket");
        Assert.Equal(0m, basket.GetProperty("basket_total_price").GetDecimal());
        Assert.Equal(95.00m, basket.GetProperty("basket_total_price_adjusted").GetDecimal());

        // add-basket, naming the voucher: the total is stored as 0, the adjusted total as what the lines came to after it.
        var code = Code();
        (await BasketCalls.AddAsync(shop, BasketCalls.Edit(body, b =>
        {
            b["basket"]!["retailer_basket_code"] = code;
            b["basket"]!["basket_vouchers"] = new JsonArray(new JsonObject { ["voucher_key"] = key });
        }))).AssertOk("add-basket");
        var stored = await BasketCalls.StoredAsync(shop, code);
        Assert.Equal(0, stored.TotalCents);
        Assert.Equal(9500, stored.AdjustedTotalCents);
    }

    [Theory, AllEngines]
    public async Task A_basket_without_a_timestamp_is_stamped_now_in_utc_whatever_timezone_name_came_with_it(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var code = Code();
        var body = BasketCalls.Edit(shop.Basket(code, ShopSetup.TwoItems), b =>
        {
            b["basket"]!["basket_timestamp_iso8601"] = "";
            b["basket"]!["basket_timezone_name"] = "Europe/Amsterdam";
        });

        var priced = await BasketCalls.PriceAsync(shop, body);
        var added = await BasketCalls.AddAsync(shop, body);

        priced.AssertOk("get-basket-price");
        added.AssertOk("add-basket");
        Assert.Equal("UTC", priced.Results.GetProperty("basket").GetProperty("basket_timezone_name").GetString());
        Assert.Equal("UTC", added.Results.GetProperty("basket").GetProperty("basket_timezone_name").GetString());
        Assert.EndsWith("+00:00", added.Results.GetProperty("basket").GetProperty("basket_timestamp_iso8601").GetString());
        Assert.Equal("UTC", (await BasketCalls.StoredAsync(shop, code)).TimezoneName);
    }

    [Theory, AllEngines]
    public async Task A_return_line_named_by_spaaza_product_id_returns_that_product_s_line_and_one_naming_nothing_is_refused_with_309(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var original = Code();
        const string products = """[{"item_barcode":"111","retailer_product_code":"P-SHIRT","item_name":"Shirt","item_quantity":2,"item_price":30.00},{"item_barcode":"222","retailer_product_code":"P-COAT","item_name":"Coat","item_quantity":1,"item_price":40.00}]""";
        var bought = await BasketCalls.AddAsync(shop, shop.Basket(original, products));
        bought.AssertOk("add-basket");
        var coat = bought.Results.GetProperty("basket").GetProperty("basket_items").EnumerateArray()
            .Single(i => i.GetProperty("item_barcode").GetString() == "222").GetProperty("spaaza_product_id").GetInt32();
        Assert.Equal(1000, await shop.BalanceAsync());

        var code = Code();
        var nothing = $$"""[{"item_quantity":1,"item_price":-40.00,"return_item":true,"original_retailer_basket_code":"{{original}}"}]""";
        await AssertRefusedOnBothCallsAsync(shop, shop.Basket(code, nothing, total: -40m), ErrorCodes.OriginalBasketItemNotFound, code);

        var byProductId = $$"""[{"spaaza_product_id":{{coat}},"retailer_product_code":"P-SHIRT","item_quantity":1,"item_price":-40.00,"return_item":true,"original_retailer_basket_code":"{{original}}"}]""";
        var returned = await BasketCalls.AddAsync(shop, shop.Basket(code, byProductId, total: -40m));

        returned.AssertOk("add-basket");
        // The coat's 4.00 of cashback is taken back (spaaza_product_id overrides retailer_product_code), not a shirt's 3.00.
        Assert.Equal(600, await shop.BalanceAsync());
        Assert.Equal(600, await shop.LedgerSumAsync());
    }

    [Theory, AllEngines]
    public async Task An_unknown_basket_platform_type_is_refused_with_337(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var code = Code();

        var body = BasketCalls.Edit(shop.Basket(code, ShopSetup.TwoItems), b => b["basket"]!["basket_platform_type"] = "kiosk");

        await AssertRefusedOnBothCallsAsync(shop, body, ErrorCodes.BasketPlatformTypeUnrecognised, code);
    }

    [Theory, AllEngines]
    public async Task A_return_item_with_a_positive_price_is_refused_with_319(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var original = Code();
        (await BasketCalls.AddAsync(shop, shop.Basket(original, ShopSetup.TwoItems))).AssertOk("add-basket");
        var code = Code();

        var items = $$"""[{"item_barcode":"111","item_quantity":1,"item_price":30.00,"return_item":true,"original_retailer_basket_code":"{{original}}"}]""";

        await AssertRefusedOnBothCallsAsync(shop, shop.Basket(code, items, total: 30m), ErrorCodes.ReturnItemNotNegativeValue, code);
    }

    [Theory, AllEngines]
    public async Task An_unknown_currency_is_refused_with_231(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var code = Code();

        var byCode = BasketCalls.Edit(shop.Basket(code, ShopSetup.TwoItems), b => b["basket"]!["basket_currency"] = new JsonObject { ["currency_code"] = "XYZ" });
        var byId = BasketCalls.Edit(shop.Basket(code, ShopSetup.TwoItems), b => b["basket"]!["basket_currency"] = new JsonObject { ["currency_id"] = 987654 });

        await AssertRefusedOnBothCallsAsync(shop, byCode, ErrorCodes.CurrencyNotFound, code);
        await AssertRefusedOnBothCallsAsync(shop, byId, ErrorCodes.CurrencyNotFound, code);
    }

    [Theory, AllEngines]
    public async Task A_return_naming_an_unknown_original_basket_is_refused_with_308(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        (await BasketCalls.AddAsync(shop, shop.Basket(Code(), ShopSetup.TwoItems))).AssertOk("add-basket");
        var code = Code();

        var items = """[{"item_barcode":"111","item_quantity":1,"item_price":-30.00,"return_item":true,"original_retailer_basket_code":"NO-SUCH-BASKET"}]""";

        await AssertRefusedOnBothCallsAsync(shop, shop.Basket(code, items, total: -30m), ErrorCodes.OriginalBasketNotFound, code);
    }

    [Theory, AllEngines]
    public async Task A_return_of_a_line_the_original_basket_does_not_have_is_refused_with_309(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var original = Code();
        (await BasketCalls.AddAsync(shop, shop.Basket(original, ShopSetup.TwoItems))).AssertOk("add-basket");
        var code = Code();

        var byBarcode = $$"""[{"item_barcode":"999","item_quantity":1,"item_price":-30.00,"return_item":true,"original_retailer_basket_code":"{{original}}"}]""";
        var byItemCode = $$"""[{"item_barcode":"111","item_quantity":1,"item_price":-30.00,"return_item":true,"original_retailer_basket_code":"{{original}}","original_retailer_item_code":"line_9"}]""";

        await AssertRefusedOnBothCallsAsync(shop, shop.Basket(code, byBarcode, total: -30m), ErrorCodes.OriginalBasketItemNotFound, code);
        await AssertRefusedOnBothCallsAsync(shop, shop.Basket(code, byItemCode, total: -30m), ErrorCodes.OriginalBasketItemNotFound, code);
    }

    [Theory, AllEngines]
    public async Task A_return_finds_the_original_basket_by_one_of_its_supplementary_codes(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var supplementary = "SUP-" + Code();
        var original = BasketCalls.Edit(shop.Basket(Code(), ShopSetup.TwoItems), b => b["basket"]!["supplementary_basket_codes"] = new JsonArray("OTHER-" + supplementary, supplementary, supplementary));
        (await BasketCalls.AddAsync(shop, original)).AssertOk("add-basket");

        var items = $$"""[{"item_barcode":"222","item_quantity":1,"item_price":-40.00,"return_item":true,"original_supplementary_basket_code":"{{supplementary}}"}]""";
        var returned = await BasketCalls.AddAsync(shop, shop.Basket(Code(), items, total: -40m));

        returned.AssertOk("add-basket");
        // The 4.00 the line earned is taken back from the 10.00 the basket earned.
        Assert.Equal(600, await shop.BalanceAsync());
        Assert.Equal(600, await shop.LedgerSumAsync());
        Assert.Equal(2, await shop.Chain.App.WithDbAsync(db => db.BasketCodes.CountAsync(c => c.ChainId == shop.Chain.ChainId && c.Code.EndsWith(supplementary))));
    }

    /// <summary>A till may put the receipt's code on the return basket too: that basket, the newer, has nothing to return.</summary>
    [Theory, AllEngines]
    public async Task A_return_by_a_supplementary_code_that_a_return_basket_also_carries_finds_the_purchase(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var supplementary = "RCPT-" + Code();
        var withCode = (string body) => BasketCalls.Edit(body, b => b["basket"]!["supplementary_basket_codes"] = new JsonArray(supplementary));
        (await BasketCalls.AddAsync(shop, withCode(shop.Basket(Code(), ShopSetup.TwoItems)))).AssertOk("add-basket");
        var first = $$"""[{"item_barcode":"222","item_quantity":1,"item_price":-40.00,"return_item":true,"original_supplementary_basket_code":"{{supplementary}}"}]""";
        (await BasketCalls.AddAsync(shop, withCode(shop.Basket(Code(), first, total: -40m)))).AssertOk("add-basket");

        var second = $$"""[{"item_barcode":"111","item_quantity":1,"item_price":-30.00,"return_item":true,"original_supplementary_basket_code":"{{supplementary}}"}]""";
        var returned = await BasketCalls.AddAsync(shop, shop.Basket(Code(), second, total: -30m));

        returned.AssertOk("add-basket");
        // 10.00 earned, 4.00 and 3.00 taken back.
        Assert.Equal(300, await shop.BalanceAsync());
        Assert.Equal(300, await shop.LedgerSumAsync());
    }

    /// <summary>spec original_retailer_basket_code: "if there were also supplementary_basket_code values POSTed with the
    /// original basket then it is possible to use those instead".</summary>
    [Theory, AllEngines]
    public async Task A_return_finds_the_original_basket_by_a_supplementary_code_sent_as_its_original_retailer_basket_code(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var supplementary = "SHIP-" + Code();
        var original = BasketCalls.Edit(shop.Basket(Code(), ShopSetup.TwoItems), b => b["basket"]!["supplementary_basket_codes"] = new JsonArray(supplementary));
        (await BasketCalls.AddAsync(shop, original)).AssertOk("add-basket");

        var items = $$"""[{"item_barcode":"222","item_quantity":1,"item_price":-40.00,"return_item":true,"original_retailer_basket_code":"{{supplementary}}"}]""";
        var returned = await BasketCalls.AddAsync(shop, shop.Basket(Code(), items, total: -40m));

        returned.AssertOk("add-basket");
        Assert.Equal(600, await shop.BalanceAsync());
        Assert.Equal(600, await shop.LedgerSumAsync());
        // A code that is neither is still 308.
        var unknown = $$"""[{"item_barcode":"222","item_quantity":1,"item_price":-40.00,"return_item":true,"original_retailer_basket_code":"NONE-{{supplementary}}"}]""";
        (await BasketCalls.AddAsync(shop, shop.Basket(Code(), unknown, total: -40m))).AssertError(ErrorCodes.OriginalBasketNotFound);
    }

    [Theory, AllEngines]
    public async Task Returning_more_units_than_were_bought_is_refused_with_310(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var original = Code();
        (await BasketCalls.AddAsync(shop, shop.Basket(original, ShopSetup.TwoItems))).AssertOk("add-basket");
        var code = Code();

        // Three of a line of two; then two lines of two units each of that same line.
        var tooMany = $$"""[{"item_barcode":"111","item_quantity":3,"item_price":-30.00,"return_item":true,"original_retailer_basket_code":"{{original}}"}]""";
        var twoLines = $$"""[{"item_barcode":"111","item_quantity":2,"item_price":-30.00,"return_item":true,"original_retailer_basket_code":"{{original}}"},{"item_barcode":"111","item_quantity":1,"item_price":-30.00,"return_item":true,"original_retailer_basket_code":"{{original}}"}]""";

        await AssertRefusedOnBothCallsAsync(shop, shop.Basket(code, tooMany, total: -90m), ErrorCodes.ReturnQuantityExceedsOriginalQuantity, code);
        await AssertRefusedOnBothCallsAsync(shop, shop.Basket(code, twoLines, total: -90m), ErrorCodes.ReturnQuantityExceedsOriginalQuantity, code);
        Assert.Equal(1000, await shop.BalanceAsync());
    }

    [Theory, AllEngines]
    public async Task An_admin_with_only_read_permission_on_the_chain_is_refused_with_68(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var (reader, password) = await shop.Chain.AddAdminAsync(read: true);
        using var client = await shop.Chain.LoginAsync(reader.Username, password, withApp: false);
        var code = Code();

        (await client.SendJsonAsync(HttpMethod.Post, BasketCalls.AddBasket, shop.Basket(code, ShopSetup.TwoItems))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
        (await client.SendJsonAsync(HttpMethod.Post, BasketCalls.GetBasketPrice, shop.Basket(code, ShopSetup.TwoItems))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);

        // With write permission the same admin may.
        var (writer, writerPassword) = await shop.Chain.AddAdminAsync(read: true, write: true);
        using var writerClient = await shop.Chain.LoginAsync(writer.Username, writerPassword, withApp: false);
        (await writerClient.SendJsonAsync(HttpMethod.Post, BasketCalls.AddBasket, shop.Basket(code, ShopSetup.TwoItems))).AssertOk("add-basket");
        Assert.Equal(1000, await shop.BalanceAsync());
    }

    [Theory, AllEngines]
    public async Task A_basket_call_without_a_session_or_key_is_refused_with_6(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var code = Code();
        var body = shop.Basket(code, ShopSetup.TwoItems);

        foreach (var path in new[] { BasketCalls.AddBasket, BasketCalls.GetBasketPrice, "/auth/return" })
        {
            using var anonymous = shop.Chain.App.Client().App(shop.Chain.Hostname);
            (await anonymous.SendJsonAsync(HttpMethod.Post, path, body)).AssertError(ErrorCodes.NoValidSession);
        }
        Assert.Equal(0, await BasketCalls.BasketCountAsync(shop));
        Assert.Equal(0, await shop.BalanceAsync());
    }

    [Theory, AllEngines]
    public async Task An_admin_or_privileged_key_of_another_chain_naming_this_chain_is_refused_with_68(string engine)
    {
        var app = TesseraApp.Shared(engine);
        var shop = await ShopSetup.CreateAsync(app);
        var other = await app.BootstrapAsync();
        var original = Code();
        var originalResponse = await BasketCalls.AddAsync(shop, shop.Basket(original, ShopSetup.TwoItems));
        originalResponse.AssertOk("add-basket");
        var originalId = originalResponse.Results.GetProperty("basket").GetProperty("id").GetInt64();
        var code = Code();
        var body = shop.Basket(code, ShopSetup.TwoItems);
        var returnBody = $$"""{"entity":{"entity_type":"chain","entity_id":{{shop.Chain.ChainId}} },"return":{"return_owner_code":"R-{{code}}","original_basket_id":{{originalId}},"items":[{"owner_code":"line_0","quantity":1}]} }""";

        using var otherAdmin = await other.AdminClientAsync();
        using var otherPrivileged = other.PrivilegedClient();
        foreach (var client in new[] { otherAdmin, otherPrivileged })
        {
            (await client.SendJsonAsync(HttpMethod.Post, BasketCalls.AddBasket, body)).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
            (await client.SendJsonAsync(HttpMethod.Post, BasketCalls.GetBasketPrice, body)).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
            (await client.SendJsonAsync(HttpMethod.Post, "/auth/return", returnBody)).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
        }

        Assert.Equal(0, await BasketCalls.BasketCountAsync(shop, code));
        Assert.Equal(1, await BasketCalls.BasketCountAsync(shop));
        Assert.Equal(1000, await shop.BalanceAsync());
        Assert.Equal(0, await app.WithDbAsync(db => db.ReturnTransactions.CountAsync(t => t.OriginalBasketId == originalId)));
        Assert.Equal(0, await app.WithDbAsync(db => db.Baskets.CountAsync(b => b.ChainId == other.ChainId)));
    }

    // ------------------------------------------------------------------ anonymous basket

    [Theory, AllEngines]
    public async Task An_anonymous_basket_answers_user_null_and_the_basket_of_the_anonymous_sample_and_credits_nothing(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var code = Code();

        var response = await BasketCalls.AddAsync(shop, shop.Basket(code, ShopSetup.TwoItems, memberNumber: null));

        response.AssertOk("add-basket");
        Assert.Equal(JsonValueKind.Null, response.Results.GetProperty("user").ValueKind);
        var basket = response.Results.GetProperty("basket");
        var stored = await BasketCalls.StoredAsync(shop, code);
        Assert.Equal(stored.Id, basket.GetProperty("id").GetInt64());
        Assert.Equal(JsonValueKind.Object, basket.GetProperty("business").ValueKind);
        Assert.True(basket.GetProperty("business").TryGetProperty("id", out _));
        var currency = basket.GetProperty("currency");
        Assert.Equal(2, currency.GetProperty("currency_id").GetInt32());
        Assert.Equal("EUR", currency.GetProperty("currency_code").GetString());
        Assert.Equal("Euro", currency.GetProperty("currency_name_en").GetString());
        Assert.Equal("€", currency.GetProperty("currency_symbol").GetString());
        Assert.Equal(100.00m, basket.GetProperty("total_value").GetDecimal());
        Assert.Equal(code, basket.GetProperty("owner_code").GetString());
        Assert.True(basket.TryGetProperty("basket_timestamp_iso8601", out _));
        Assert.True(basket.TryGetProperty("basket_timezone_name", out _));
        var items = basket.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        Assert.All(items, i => Assert.True(i.GetProperty("id").GetInt64() > 0));
        Assert.Equal(["111", "222"], items.Select(i => i.GetProperty("item_barcode").GetString()));
        Assert.Equal([30.00m, 40.00m], items.Select(i => i.GetProperty("product_sale_price").GetDecimal()));
        Assert.Equal([2, 1], items.Select(i => i.GetProperty("basket_item_quantity").GetInt32()));
        Assert.Equal(["line_0", "line_1"], items.Select(i => i.GetProperty("retailer_item_code").GetString()));
        Assert.Equal([60.00m, 40.00m], items.Select(i => i.GetProperty("basket_item_subtotal").GetDecimal()));

        Assert.Null(stored.UserId);
        Assert.Equal(0, await shop.Chain.App.WithDbAsync(db => db.LedgerEntries.CountAsync(e => e.ChainId == shop.Chain.ChainId)));
        Assert.DoesNotContain(Tessera.Server.Features.Baskets.BasketLines.Read(stored), i => i.ProgressDistribution != null);
        Assert.Equal(0, await shop.BalanceAsync());
    }

    [Theory, AllEngines]
    public async Task An_anonymous_in_store_basket_shows_its_branch_as_business(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        using var admin = await shop.Chain.AdminClientAsync();
        var added = await admin.PostAsync("/internal/add-business", ("chain_id", Id(shop.Chain.ChainId)), ("name", "Kalverstraat"), ("owner_code", "501"));
        var branchId = added.Results.GetProperty("business").GetProperty("id").GetInt32();

        var response = await BasketCalls.AddAsync(shop, InStore(shop.Basket(Code(), ShopSetup.TwoItems, memberNumber: null), e => e["branch_business_owner_code"] = "501"));

        response.AssertOk("add-basket");
        Assert.Equal(branchId, response.Results.GetProperty("basket").GetProperty("business").GetProperty("id").GetInt32());
        Assert.Equal("in_store", response.Results.GetProperty("basket").GetProperty("app_platform_type").GetString());
    }

    [Theory, AllEngines]
    public async Task A_basket_of_an_unknown_member_number_is_anonymous_and_credits_nothing(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var code = Code();

        var response = await BasketCalls.AddAsync(shop, shop.Basket(code, ShopSetup.TwoItems, memberNumber: "no-such-member-" + code));

        response.AssertOk("add-basket");
        Assert.Null((await BasketCalls.StoredAsync(shop, code)).UserId);
        Assert.Equal(0, await shop.Chain.App.WithDbAsync(db => db.LedgerEntries.CountAsync(e => e.ChainId == shop.Chain.ChainId)));
    }

    // ------------------------------------------------------------------ branches

    private static string InStore(string body, Action<JsonObject>? entity = null) => BasketCalls.Edit(body, b =>
    {
        b["basket"]!["basket_platform_type"] = "in_store";
        entity?.Invoke(b["entity"]!.AsObject());
    });

    [Theory, AllEngines]
    public async Task An_in_store_basket_without_a_valid_branch_is_stored_for_the_chain_with_warning_144(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var none = Code();
        var unknownCode = Code();
        var unknownId = Code();

        var withoutBranch = await BasketCalls.AddAsync(shop, InStore(shop.Basket(none, ShopSetup.TwoItems)));
        var withUnknownCode = await BasketCalls.AddAsync(shop, InStore(shop.Basket(unknownCode, ShopSetup.TwoItems), e => e["branch_business_owner_code"] = "NO-SUCH-BRANCH"));
        var withUnknownId = await BasketCalls.AddAsync(shop, InStore(shop.Basket(unknownId, ShopSetup.TwoItems), e => e["branch_business_id"] = 987654321));

        foreach (var (response, code) in new[] { (withoutBranch, none), (withUnknownCode, unknownCode), (withUnknownId, unknownId) })
        {
            response.AssertOk("add-basket");
            Assert.Equal([ErrorCodes.BusinessIdNotFound.Code], BasketCalls.WarningCodes(response));
            Assert.Equal(JsonValueKind.Null, response.Results.GetProperty("basket").GetProperty("business_id").ValueKind);
            var stored = await BasketCalls.StoredAsync(shop, code);
            Assert.Null(stored.BusinessId);
            Assert.Equal("in_store", stored.PlatformType);
        }
        // The baskets are the member's all the same.
        Assert.Equal(3000, await shop.BalanceAsync());

        // An online basket needs no branch: no warning.
        var online = await BasketCalls.AddAsync(shop, shop.Basket(Code(), ShopSetup.TwoItems));
        Assert.Empty(BasketCalls.WarningCodes(online));
    }

    [Theory, AllEngines]
    public async Task An_in_store_basket_naming_a_branch_by_owner_code_or_id_is_stored_for_that_branch_without_warning(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        using var admin = await shop.Chain.AdminClientAsync();
        var ownerCode = "S-" + Guid.NewGuid().ToString("N")[..6];
        var added = await admin.PostAsync("/internal/add-business", ("chain_id", Id(shop.Chain.ChainId)), ("name", "Kalverstraat"), ("owner_code", ownerCode));
        added.AssertOk("add-business");
        var branchId = added.Results.GetProperty("business").GetProperty("id").GetInt32();
        var second = await admin.PostAsync("/internal/add-business", ("chain_id", Id(shop.Chain.ChainId)), ("name", "Leidsestraat"), ("owner_code", ownerCode + "-2"));
        var secondId = second.Results.GetProperty("business").GetProperty("id").GetInt32();
        var byCode = Code();
        var byId = Code();

        var responseByCode = await BasketCalls.AddAsync(shop, InStore(shop.Basket(byCode, ShopSetup.TwoItems), e => e["branch_business_owner_code"] = ownerCode));
        // spec: branch_business_id takes precedence over branch_business_owner_code.
        var responseById = await BasketCalls.AddAsync(shop, InStore(shop.Basket(byId, ShopSetup.TwoItems), e =>
        {
            e["branch_business_id"] = secondId;
            e["branch_business_owner_code"] = ownerCode;
        }));

        responseByCode.AssertOk("add-basket");
        responseById.AssertOk("add-basket");
        Assert.False(responseByCode.Json.TryGetProperty("warnings", out _), responseByCode.Body);
        Assert.False(responseById.Json.TryGetProperty("warnings", out _), responseById.Body);
        Assert.Equal(branchId, responseByCode.Results.GetProperty("basket").GetProperty("business_id").GetInt32());
        Assert.Equal(secondId, responseById.Results.GetProperty("basket").GetProperty("business_id").GetInt32());
        Assert.Equal(branchId, (await BasketCalls.StoredAsync(shop, byCode)).BusinessId);
        Assert.Equal(secondId, (await BasketCalls.StoredAsync(shop, byId)).BusinessId);
    }

    [Theory, AllEngines]
    public async Task A_branch_of_another_chain_is_not_a_valid_branch(string engine)
    {
        var app = TesseraApp.Shared(engine);
        var shop = await ShopSetup.CreateAsync(app);
        var other = await app.BootstrapAsync();
        using var otherAdmin = await other.AdminClientAsync();
        var foreign = await otherAdmin.PostAsync("/internal/add-business", ("chain_id", Id(other.ChainId)), ("name", "Elsewhere"), ("owner_code", "X-1"));
        var foreignId = foreign.Results.GetProperty("business").GetProperty("id").GetInt32();
        var code = Code();

        var response = await BasketCalls.AddAsync(shop, InStore(shop.Basket(code, ShopSetup.TwoItems), e => e["branch_business_id"] = foreignId));

        response.AssertOk("add-basket");
        Assert.Equal([ErrorCodes.BusinessIdNotFound.Code], BasketCalls.WarningCodes(response));
        Assert.Null((await BasketCalls.StoredAsync(shop, code)).BusinessId);
    }

    // ------------------------------------------------------------------ payment methods

    [Theory, AllEngines]
    public async Task A_payment_without_an_amount_is_a_warning_and_the_basket_is_stored_without_payment_methods(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var code = Code();
        var body = BasketCalls.Edit(shop.Basket(code, ShopSetup.TwoItems), b => b["basket"]!["payment_methods"] = JsonNode.Parse("""[{"payment_method":"cash","payment_amount":60},{"payment_method":"mastercard"}]"""));

        var response = await BasketCalls.AddAsync(shop, body);

        response.AssertOk("add-basket");
        Assert.NotEmpty(BasketCalls.WarningCodes(response));
        Assert.Empty(response.Results.GetProperty("basket").GetProperty("payment_methods").EnumerateArray());
        Assert.Equal(1, await BasketCalls.BasketCountAsync(shop, code));
        Assert.Equal(1000, await shop.BalanceAsync());
        // What was stored is what a replay answers.
        var replay = await BasketCalls.AddAsync(shop, body);
        Assert.Empty(replay.Results.GetProperty("basket").GetProperty("payment_methods").EnumerateArray());
    }

    [Theory, AllEngines]
    public async Task Payment_methods_are_kept_and_a_single_payment_method_pays_the_basket_total(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var single = Code();
        var several = Code();

        var singleResponse = await BasketCalls.AddAsync(shop, BasketCalls.Edit(shop.Basket(single, ShopSetup.TwoItems, total: 87.50m), b => b["basket"]!["payment_method"] = "ideal"));
        var severalResponse = await BasketCalls.AddAsync(shop, BasketCalls.Edit(shop.Basket(several, ShopSetup.TwoItems), b => b["basket"]!["payment_methods"] = JsonNode.Parse("""[{"payment_method":"cash","payment_amount":60},{"payment_method":"mastercard","payment_amount":40.00}]""")));

        singleResponse.AssertOk("add-basket");
        Assert.Empty(BasketCalls.WarningCodes(singleResponse));
        var payment = Assert.Single(singleResponse.Results.GetProperty("basket").GetProperty("payment_methods").EnumerateArray());
        Assert.Equal(("ideal", 87.50m), (payment.GetProperty("payment_method").GetString(), payment.GetProperty("payment_amount").GetDecimal()));

        severalResponse.AssertOk("add-basket");
        Assert.Empty(BasketCalls.WarningCodes(severalResponse));
        var payments = severalResponse.Results.GetProperty("basket").GetProperty("payment_methods").EnumerateArray()
            .Select(p => (p.GetProperty("payment_method").GetString(), p.GetProperty("payment_amount").GetDecimal())).ToList();
        Assert.Equal([("cash", 60m), ("mastercard", 40.00m)], payments);

        // get-basket-price answers them the same way.
        var priced = await BasketCalls.PriceAsync(shop, BasketCalls.Edit(shop.Basket(Code(), ShopSetup.TwoItems, total: 87.50m), b => b["basket"]!["payment_method"] = "ideal"));
        var pricedPayment = Assert.Single(priced.Results.GetProperty("basket").GetProperty("payment_methods").EnumerateArray());
        Assert.Equal(87.50m, pricedPayment.GetProperty("payment_amount").GetDecimal());
    }

    // ------------------------------------------------------------------ products

    private static string ProductItem(string name, string code = "iou342oi", string barcode = "2913458432854") => $$"""
        [{"item_barcode":"{{barcode}}","retailer_product_code":"{{code}}","item_name":"{{name}}","item_description":"The Aran Jumper takes its name from the Aran Islands.",
          "item_price":125.00,"item_subtotal":125.00,"item_colour":"White","item_gender":"M","item_brand":"Aran Jumpers ltd","item_size":"L","item_season":"Winter",
          "item_category":"Clothing > Tops > Jumpers > Aran Jumper","item_image_url":"www.image.jpg","item_cost_price":40.00}]
        """;

    [Theory, AllEngines]
    public async Task Item_metadata_creates_a_product_and_variant_and_updates_them_at_most_once_in_six_hours(string engine)
    {
        await using var app = new TesseraApp(engine, new TestClock());
        var shop = await ShopSetup.CreateAsync(app);

        var first = await BasketCalls.AddAsync(shop, InStore(shop.Basket(Code(), ProductItem("Men's Merino Aran Jumper"), total: 125m)));

        first.AssertOk("add-basket");
        var item = Assert.Single(first.Results.GetProperty("basket").GetProperty("basket_items").EnumerateArray());
        Assert.True(item.GetProperty("is_identified").GetBoolean());
        var product = item.GetProperty("product");
        Assert.Equal("iou342oi", product.GetProperty("owner_code").GetString());
        Assert.Equal("Men's Merino Aran Jumper", product.GetProperty("name").GetString());
        Assert.Equal("The Aran Jumper takes its name from the Aran Islands.", product.GetProperty("description").GetString());
        Assert.Equal(125m, product.GetProperty("price").GetDecimal());
        Assert.Equal("Aran Jumpers ltd", product.GetProperty("brand").GetString());
        Assert.Equal("Winter", product.GetProperty("season").GetString());
        Assert.Equal("Clothing > Tops > Jumpers > Aran Jumper", product.GetProperty("category").GetString());
        Assert.Equal("www.image.jpg", product.GetProperty("image_url").GetString());
        var variant = product.GetProperty("product_variant");
        Assert.Equal("White", variant.GetProperty("colour").GetString());
        Assert.Equal("L", variant.GetProperty("size").GetString());
        Assert.Equal(125m, variant.GetProperty("price").GetDecimal());
        Assert.Equal(40m, variant.GetProperty("cost_price").GetDecimal());
        Assert.Equal(product.GetProperty("id").GetInt32(), item.GetProperty("spaaza_product_id").GetInt32());
        Assert.Equal(variant.GetProperty("id").GetInt32(), item.GetProperty("spaaza_product_variant_id").GetInt32());
        var (products, variants) = await app.WithDbAsync(async db => (
            await db.Products.AsNoTracking().Where(p => p.ChainId == shop.Chain.ChainId).ToListAsync(),
            await db.ProductVariants.AsNoTracking().Where(v => v.ChainId == shop.Chain.ChainId).ToListAsync()));
        var stored = Assert.Single(products);
        Assert.Equal(stored.Id, Assert.Single(variants).ProductId);
        Assert.Equal("2913458432854", variants[0].Barcode);

        // Within six hours a changed name is ignored.
        app.Clock.Advance(TimeSpan.FromHours(5));
        var second = await BasketCalls.AddAsync(shop, InStore(shop.Basket(Code(), ProductItem("Aran Jumper, renamed too soon"), total: 125m)));
        second.AssertOk("add-basket");
        var secondProduct = second.Results.GetProperty("basket").GetProperty("basket_items")[0].GetProperty("product");
        Assert.Equal(stored.Id, secondProduct.GetProperty("id").GetInt32());
        Assert.Equal("Men's Merino Aran Jumper", secondProduct.GetProperty("name").GetString());
        Assert.Equal("Men's Merino Aran Jumper", (await app.WithDbAsync(db => db.Products.AsNoTracking().SingleAsync(p => p.Id == stored.Id))).Name);

        // Six hours after the last update it is taken.
        app.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        var third = await BasketCalls.AddAsync(shop, InStore(shop.Basket(Code(), ProductItem("Aran Jumper, renamed"), total: 125m)));
        third.AssertOk("add-basket");
        var thirdProduct = third.Results.GetProperty("basket").GetProperty("basket_items")[0].GetProperty("product");
        Assert.Equal(stored.Id, thirdProduct.GetProperty("id").GetInt32());
        Assert.Equal("Aran Jumper, renamed", thirdProduct.GetProperty("name").GetString());
        var updated = await app.WithDbAsync(db => db.Products.AsNoTracking().SingleAsync(p => p.Id == stored.Id));
        Assert.Equal("Aran Jumper, renamed", updated.Name);
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime, updated.UpdatedAt, TimeSpan.FromSeconds(1));
        Assert.Equal(1, await app.WithDbAsync(db => db.Products.CountAsync(p => p.ChainId == shop.Chain.ChainId)));
        Assert.Equal(1, await app.WithDbAsync(db => db.ProductVariants.CountAsync(v => v.ChainId == shop.Chain.ChainId)));
    }

    [Theory, AllEngines]
    public async Task The_minimum_item_metadata_creates_a_product_and_variant_and_a_bare_barcode_only_a_variant(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var code = "SKU-" + Guid.NewGuid().ToString("N")[..6];

        var response = await BasketCalls.AddAsync(shop, shop.Basket(Code(), $$"""[{"item_barcode":"8000001","retailer_product_code":"{{code}}","item_price":125.00,"item_subtotal":125.00},{"item_barcode":"8000002","item_price":10.00}]""", total: 135m));

        response.AssertOk("add-basket");
        var items = response.Results.GetProperty("basket").GetProperty("basket_items").EnumerateArray().ToList();
        var product = items[0].GetProperty("product");
        Assert.Equal(code, product.GetProperty("owner_code").GetString());
        Assert.Equal(JsonValueKind.Null, product.GetProperty("name").ValueKind);
        Assert.Equal(125m, product.GetProperty("price").GetDecimal());
        Assert.Equal(125m, product.GetProperty("product_variant").GetProperty("price").GetDecimal());
        Assert.True(items[0].GetProperty("is_identified").GetBoolean());
        Assert.True(items[1].GetProperty("is_identified").GetBoolean());
        var variants = await shop.Chain.App.WithDbAsync(db => db.ProductVariants.AsNoTracking().Where(v => v.ChainId == shop.Chain.ChainId).OrderBy(v => v.Barcode).ToListAsync());
        Assert.Equal(["8000001", "8000002"], variants.Select(v => v.Barcode));
        Assert.NotNull(variants[0].ProductId);
        Assert.Null(variants[1].ProductId);
    }

    [Theory, AllEngines]
    public async Task A_barcode_priced_as_unknown_is_created_by_the_next_basket_and_priced_as_known_after(string engine)
    {
        await using var app = new TesseraApp(engine, new TestClock());
        var shop = await ShopSetup.CreateAsync(app);
        var items = """[{"item_barcode":"8100001","item_price":10.00}]""";
        static JsonElement Item(SpaazaResponse r) => r.Results.GetProperty("basket").GetProperty("basket_items")[0];

        var unknown = await BasketCalls.PriceAsync(shop, shop.Basket(Code(), items, total: 10m));
        unknown.AssertOk("get-basket-price");
        Assert.False(Item(unknown).GetProperty("is_identified").GetBoolean());
        Assert.False((await BasketCalls.PriceAsync(shop, shop.Basket(Code(), items, total: 10m))).Results
            .GetProperty("basket").GetProperty("basket_items")[0].GetProperty("is_identified").GetBoolean());

        // add-basket does not trust the remembered absence: it creates the variant and answers with it.
        var added = await BasketCalls.AddAsync(shop, shop.Basket(Code(), items, total: 10m));
        added.AssertOk("add-basket");
        Assert.True(Item(added).GetProperty("is_identified").GetBoolean());
        var variantId = Item(added).GetProperty("spaaza_product_variant_id").GetInt32();

        var known = await BasketCalls.PriceAsync(shop, shop.Basket(Code(), items, total: 10m));
        Assert.True(Item(known).GetProperty("is_identified").GetBoolean());
        Assert.Equal(variantId, Item(known).GetProperty("spaaza_product_variant_id").GetInt32());
    }

    [Theory, AllEngines]
    public async Task A_variant_another_server_created_is_seen_by_add_basket_at_once_and_by_get_basket_price_within_a_minute(string engine)
    {
        await using var app = new TesseraApp(engine, new TestClock());
        var shop = await ShopSetup.CreateAsync(app);
        static string Items(string barcode) => $$"""[{"item_barcode":"{{barcode}}","item_price":10.00}]""";
        static bool Identified(SpaazaResponse r) => r.Results.GetProperty("basket").GetProperty("basket_items")[0].GetProperty("is_identified").GetBoolean();
        Task<SpaazaResponse> Price(string barcode) => BasketCalls.PriceAsync(shop, shop.Basket(Code(), Items(barcode), total: 10m));

        Assert.False(Identified(await Price("8200001")));
        Assert.False(Identified(await Price("8200002")));
        var now = app.Clock.GetUtcNow().UtcDateTime;
        await app.WithDbAsync(async db =>
        {
            foreach (var barcode in new[] { "8200001", "8200002" })
            {
                db.ProductVariants.Add(new Tessera.Server.Data.Entities.ProductVariant { ChainId = shop.Chain.ChainId, Barcode = barcode, PriceCents = 1000, CreatedAt = now, UpdatedAt = now });
            }
            return await db.SaveChangesAsync();
        });

        app.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.False(Identified(await Price("8200001")));
        var added = await BasketCalls.AddAsync(shop, shop.Basket(Code(), Items("8200001"), total: 10m));
        added.AssertOk("add-basket");
        Assert.True(Identified(added));
        Assert.True(Identified(await Price("8200001")));
        Assert.False(Identified(await Price("8200002")));

        app.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.True(Identified(await Price("8200002")));
        Assert.Equal(2, await app.WithDbAsync(db => db.ProductVariants.CountAsync(v => v.ChainId == shop.Chain.ChainId)));
    }

    // ------------------------------------------------------------------ statistics

    [Theory, AllEngines]
    public async Task Two_purchase_baskets_show_in_the_purchase_statistics_of_get_user_and_get_card(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        (await BasketCalls.AddAsync(shop, shop.Basket(Code(), ShopSetup.TwoItems, total: 100m))).AssertOk("add-basket");
        (await BasketCalls.AddAsync(shop, shop.Basket(Code(), """[{"item_barcode":"333","item_price":50.00}]""", total: 50m))).AssertOk("add-basket");
        // An anonymous basket and a get-basket-price are not the member's purchases.
        (await BasketCalls.AddAsync(shop, shop.Basket(Code(), ShopSetup.TwoItems, memberNumber: null))).AssertOk("add-basket");
        (await BasketCalls.PriceAsync(shop, shop.Basket(Code(), ShopSetup.TwoItems))).AssertOk("get-basket-price");

        using var privileged = shop.Chain.PrivilegedClient();
        var user = await privileged.GetAsync("/internal/get-user", ("user_id", Id(shop.Member.Id)));
        var card = await privileged.GetAsync("/get-card", ("user_id", Id(shop.Member.Id)));

        user.AssertOk("get-user");
        var info = user.Results.GetProperty("user_info");
        Assert.Equal(2, info.GetProperty("number_of_purchases").GetInt32());
        Assert.Equal("75.00", info.GetProperty("average_basket_value").GetString());
        Assert.True(info.GetProperty("online_shopper").GetBoolean());
        Assert.Equal(0, info.GetProperty("days_since_last_purchase").GetInt32());
        card.AssertOk("get-user-entity-card");
        Assert.Equal(2, card.Results.GetProperty("number_of_purchases").GetInt32());
        Assert.Equal("75.00", card.Results.GetProperty("average_basket_value").GetString());
    }
}
