using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Tessera.Server.Protocol;
using Tessera.Server.Tests.Infrastructure;
using static Tessera.Server.Tests.Baskets.BasketCalls;

namespace Tessera.Server.Tests.Baskets;

/// <summary>Purchase statistics that baskets feed into get-user and get-card.</summary>
public sealed class PurchaseStatisticsTests
{
    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

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
