using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Tessera.Server.Protocol;
using Tessera.Server.Tests.Infrastructure;
using static Tessera.Server.Tests.Baskets.BasketCalls;

namespace Tessera.Server.Tests.Baskets;

/// <summary>Baskets without a known member: anonymous, stored, crediting nothing.</summary>
public sealed class AnonymousBasketTests
{
    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

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
}
