using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Tessera.Server.Protocol;
using Tessera.Server.Tests.Infrastructure;
using static Tessera.Server.Tests.Baskets.BasketCalls;

namespace Tessera.Server.Tests.Baskets;

/// <summary>Baskets refused for what they carry or who sends them, with their error codes.</summary>
public sealed class BasketValidationTests
{
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
}
