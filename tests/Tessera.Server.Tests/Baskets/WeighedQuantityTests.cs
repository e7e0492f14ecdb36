using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tessera.Server.Protocol;
using Tessera.Server.Tests.Infrastructure;
using static Tessera.Server.Tests.Baskets.BasketCalls;

namespace Tessera.Server.Tests.Baskets;

/// <summary>Goods sold by weight (ADR 0025): item_quantity with up to three decimals, priced, split and returned exactly.</summary>
public sealed class WeighedQuantityTests
{
    private static JsonElement Basket(SpaazaResponse response) => response.Results.GetProperty("basket");

    /// <summary>10.5 kg at 2.99 (31.395, rounded half away from zero to 31.40) and 3 units at 10.00.</summary>
    private const string Weighed = """[{"item_barcode":"111","retailer_item_code":"kg","item_quantity":10.5,"item_price":2.99},{"item_barcode":"222","retailer_item_code":"units","item_quantity":3,"item_price":10.00}]""";

    private static string Raw(JsonElement item, string name) => item.GetProperty(name).GetRawText();

    [Theory, AllEngines]
    public async Task A_weighed_line_is_priced_to_the_cent_half_away_from_zero_and_its_quantity_answers_as_sent(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        foreach (var path in new[] { BasketCalls.GetBasketPrice, BasketCalls.AddBasket })
        {
            var response = await BasketCalls.SendAsync(shop, path, shop.Basket(Code(), Weighed, total: 61.40m));

            response.AssertOk(path == BasketCalls.AddBasket ? "add-basket" : "get-basket-price");
            var items = Basket(response).GetProperty("basket_items").EnumerateArray().ToList();
            Assert.Equal(("10.5", "3"), (Raw(items[0], "item_quantity"), Raw(items[1], "item_quantity")));
            Assert.Equal(31.40m, items[0].GetProperty("item_subtotal").GetDecimal());
            Assert.Equal(2.99m, items[0].GetProperty("item_price").GetDecimal());
            Assert.Equal(30.00m, items[1].GetProperty("item_subtotal").GetDecimal());
        }
        // Cashback (10%) of 61.40 is 6.14, split over the lines' cents: 3.14 and 3.00.
        Assert.Equal(614, await shop.BalanceAsync());
        Assert.Equal(614, await shop.LedgerSumAsync());
    }

    [Theory, AllEngines]
    public async Task A_basket_voucher_and_cashback_are_split_exactly_over_fractional_lines(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var (_, key) = await shop.VoucherAsync("10.00");
        const string items = """[{"item_barcode":"111","item_quantity":0.333,"item_price":3.33},{"item_barcode":"222","item_quantity":2.5,"item_price":1.99},{"item_barcode":"333","item_quantity":1.007,"item_price":7.77}]""";
        // 0.333 × 3.33 = 1.10889 → 1.11; 2.5 × 1.99 = 4.975 → 4.98; 1.007 × 7.77 = 7.82439 → 7.82: 13.91.
        var response = await BasketCalls.AddAsync(shop, shop.Basket(Code(), items, total: 3.91m, extra: $$""","basket_vouchers":[{"voucher_key":"{{key}}"}]"""));

        response.AssertOk("add-basket");
        var lines = Basket(response).GetProperty("basket_items").EnumerateArray().ToList();
        Assert.Equal([1.11m, 4.98m, 7.82m], lines.Select(l => l.GetProperty("item_subtotal").GetDecimal()));
        Assert.Equal(["0.333", "2.5", "1.007"], lines.Select(l => Raw(l, "item_quantity")));
        var shares = lines.Select(l => l.TryGetProperty("basket_voucher_distribution", out var d)
            ? d.EnumerateArray().Sum(p => p.GetProperty("voucher_distribution_amount").GetDecimal()) : 0m).ToList();
        Assert.Equal(10.00m, shares.Sum());
        Assert.All(shares, s => Assert.Equal(s, decimal.Round(s, 2)));
        var earned = lines.Select(l => l.GetProperty("purchase_progress_distribution").EnumerateArray()
            .Sum(p => p.GetProperty("purchase_progress_distribution_amount").GetDecimal())).ToList();
        // 10% of the 3.91 paid.
        Assert.Equal(0.39m, earned.Sum());
        Assert.Equal(39, await shop.BalanceAsync());
    }

    [Theory, AllEngines]
    public async Task A_fractional_return_takes_part_of_a_weighed_line_and_a_return_beyond_what_is_left_is_refused_with_310(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var original = Code();
        var bought = await BasketCalls.AddAsync(shop, shop.Basket(original, Weighed, total: 61.40m));
        bought.AssertOk("add-basket");
        var lineId = Basket(bought).GetProperty("basket_items")[0].GetProperty("id").GetInt64();
        Assert.Equal(614, await shop.BalanceAsync());

        string Return(string quantity) => shop.Basket(Code(), $$"""[{"item_barcode":"111","item_quantity":{{quantity}},"item_price":-2.99,"return_item":true,"original_retailer_basket_code":"{{original}}"}]""", total: 0m);

        var returned = await BasketCalls.AddAsync(shop, Return("2.25"));

        returned.AssertOk("add-basket");
        var transaction = Assert.Single(Basket(returned).GetProperty("return_transactions").EnumerateArray());
        Assert.Equal("2.25", Raw(Assert.Single(transaction.GetProperty("returned_items").EnumerateArray()), "quantity"));
        Assert.Equal(2.25m, await shop.Chain.App.WithDbAsync(db => db.BasketLineReturns.Where(r => r.LineId == lineId).Select(r => r.ReturnedQuantity).SingleAsync()));
        // The line earned 3.14; 2.25 of its 10.5 units give back truncate(314 × 2.25 / 10.5) = 0.67.
        Assert.Equal(547, await shop.BalanceAsync());

        // 8.25 remain: 8.251 is refused and changes nothing; 8.25 takes the rest, and all of the line's 3.14.
        (await BasketCalls.AddAsync(shop, Return("8.251"))).AssertError(ErrorCodes.ReturnQuantityExceedsOriginalQuantity);
        Assert.Equal(547, await shop.BalanceAsync());
        (await BasketCalls.AddAsync(shop, Return("8.25"))).AssertOk("add-basket");
        Assert.Equal(10.5m, await shop.Chain.App.WithDbAsync(db => db.BasketLineReturns.Where(r => r.LineId == lineId).Select(r => r.ReturnedQuantity).SingleAsync()));
        Assert.Equal(300, await shop.BalanceAsync());
        (await BasketCalls.AddAsync(shop, Return("0.001"))).AssertError(ErrorCodes.ReturnQuantityExceedsOriginalQuantity);
    }

    [Theory, AllEngines]
    public async Task Racing_fractional_returns_never_return_more_than_was_bought(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var original = Code();
        (await BasketCalls.AddAsync(shop, shop.Basket(original, Weighed, total: 61.40m))).AssertOk("add-basket");

        // Ten returns of 1.5 kg race for the 10.5 kg line: exactly seven succeed.
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => BasketCalls.AddAsync(shop, shop.Basket(Code(),
            $$"""[{"item_barcode":"111","item_quantity":1.5,"item_price":-2.99,"return_item":true,"original_retailer_basket_code":"{{original}}"}]""", total: 0m))));

        Assert.Equal(7, results.Count(r => r.Json.GetProperty("result").GetProperty("status").GetString() == "ok"));
        Assert.All(results.Where(r => r.Json.GetProperty("result").GetProperty("status").GetString() != "ok"), r => r.AssertError(ErrorCodes.ReturnQuantityExceedsOriginalQuantity));
        Assert.Equal(300, await shop.BalanceAsync());
    }

    [Theory, AllEngines]
    public async Task A_standalone_return_may_take_a_fractional_quantity(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var bought = await BasketCalls.AddAsync(shop, shop.Basket(Code(), Weighed, total: 61.40m));
        bought.AssertOk("add-basket");
        var basketId = Basket(bought).GetProperty("id").GetInt64();
        using var privileged = shop.Chain.PrivilegedClient();
        string Body(string owner, string quantity) =>
            $$"""{"entity":{"entity_type":"chain","entity_id":{{shop.Chain.ChainId}} },"return":{"return_owner_code":"{{owner}}","original_basket_id":{{basketId}},"items":[{"owner_code":"kg","quantity":{{quantity}}}]} }""";

        var response = await privileged.SendJsonAsync(HttpMethod.Post, "/auth/return", Body("R-1", "\"2.25\""));

        response.AssertOk("return-handler");
        Assert.Equal("2.25", Raw(Assert.Single(response.Results.GetProperty("returned_items").EnumerateArray()), "quantity"));
        Assert.Equal(547, await shop.BalanceAsync());
        (await privileged.SendJsonAsync(HttpMethod.Post, "/auth/return", Body("R-2", "1.2345"))).AssertError(ErrorCodes.ParameterSuppliedNotInteger);
        (await privileged.SendJsonAsync(HttpMethod.Post, "/auth/return", Body("R-3", "0"))).AssertError(ErrorCodes.ParameterInvalid);
        (await privileged.SendJsonAsync(HttpMethod.Post, "/auth/return", Body("R-4", "8.26"))).AssertError(ErrorCodes.ReturnQuantityExceedsOriginalQuantity);
    }

    [Theory, AllEngines]
    public async Task Bad_quantities_are_refused_with_the_codes_of_whole_quantities(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        foreach (var (quantity, expected) in new[]
        {
            ("0", ErrorCodes.ParameterInvalid), ("-1", ErrorCodes.ParameterInvalid), ("-0.5", ErrorCodes.ParameterInvalid),
            ("1.2345", ErrorCodes.ParameterSuppliedNotInteger), ("\"abc\"", ErrorCodes.ParameterSuppliedNotInteger),
            ("1e3", ErrorCodes.ParameterSuppliedNotInteger), ("2147483648", ErrorCodes.ParameterSuppliedNotInteger),
        })
        {
            var code = Code();
            var body = shop.Basket(code, $$"""[{"item_barcode":"111","item_quantity":{{quantity}},"item_price":2.99}]""");
            foreach (var path in new[] { BasketCalls.AddBasket, BasketCalls.GetBasketPrice })
            {
                (await BasketCalls.SendAsync(shop, path, body)).AssertError(expected);
            }
            Assert.Equal(0, await BasketCalls.BasketCountAsync(shop, code));
        }
        // Trailing zeros are dropped: 2.50 answers 2.5, 3.000 answers 3.
        var priced = await BasketCalls.PriceAsync(shop, shop.Basket(Code(), """[{"item_barcode":"111","item_quantity":2.50,"item_price":1.00},{"item_barcode":"222","item_quantity":"3.000","item_price":1.00}]"""));
        priced.AssertOk("get-basket-price");
        Assert.Equal(["2.5", "3"], Basket(priced).GetProperty("basket_items").EnumerateArray().Select(i => Raw(i, "item_quantity")));
    }

    [Theory, AllEngines]
    public async Task A_basket_of_whole_quantities_answers_whole_numbers_as_before(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));

        var response = await BasketCalls.AddAsync(shop, shop.Basket(Code(), ShopSetup.TwoItems));

        response.AssertOk("add-basket");
        var items = Basket(response).GetProperty("basket_items").EnumerateArray().ToList();
        Assert.Equal(["2", "1"], items.Select(i => Raw(i, "item_quantity")));
        Assert.Equal([60.00m, 40.00m], items.Select(i => i.GetProperty("item_subtotal").GetDecimal()));
        Assert.Equal(1000, await shop.BalanceAsync());
    }
}
