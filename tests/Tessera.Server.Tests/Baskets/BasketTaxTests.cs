using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Tessera.Server.Protocol;
using Tessera.Server.Tests.Infrastructure;
using static Tessera.Server.Tests.Baskets.BasketCalls;

namespace Tessera.Server.Tests.Baskets;

/// <summary>The tax lines of a basket (spec: basket_tax).</summary>
public sealed class BasketTaxTests
{
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
}
