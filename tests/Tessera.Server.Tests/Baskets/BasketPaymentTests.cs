using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Tessera.Server.Protocol;
using Tessera.Server.Tests.Infrastructure;
using static Tessera.Server.Tests.Baskets.BasketCalls;

namespace Tessera.Server.Tests.Baskets;

/// <summary>The payment methods of a basket.</summary>
public sealed class BasketPaymentTests
{
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
}
