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

/// <summary>Basket campaigns: the voucher get-basket-price creates and applies, and its locking codes.</summary>
public sealed class BasketCampaignTests
{
    private static JsonElement Basket(SpaazaResponse response) => response.Results.GetProperty("basket");

    // ------------------------------------------------------------------ basket campaigns

    private static Task<List<Tessera.Server.Data.Entities.Voucher>> LiveVouchersAsync(ShopSetup shop, int campaignId) => shop.Chain.App.WithDbAsync(db =>
        db.Vouchers.AsNoTracking().Where(v => v.UserId == shop.Member.Id && v.CampaignId == campaignId && v.DeletedAt == null && v.Status != "redeemed").ToListAsync());

    private static async Task<int> BasketCampaignAsync(ShopSetup shop)
    {
        using var admin = await shop.Chain.AdminClientAsync();
        var id = (await CampaignTests.AddCampaignAsync(admin, shop.Chain.ChainId, """{"type":"basket","title":"10 off","discount_amount":10}""")).GetProperty("id").GetInt32();
        shop.Chain.App.Services.GetRequiredService<CampaignCatalogue>().Invalidate(shop.Chain.ChainId);
        return id;
    }

    [Theory, AllEngines]
    public async Task A_basket_campaign_makes_get_basket_price_create_and_apply_a_claimed_basket_voucher(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var campaign = await BasketCampaignAsync(shop);

        var response = await BasketCalls.PriceAsync(shop, shop.Basket(Code(), ShopSetup.TwoItems, extra: ""","voucher_locking_code":"till-7" """));

        response.AssertOk("get-basket-price");
        var applied = Assert.Single(Basket(response).GetProperty("basket_vouchers_applied").EnumerateArray());
        Assert.Equal(campaign, applied.GetProperty("campaign_id").GetInt32());
        Assert.Equal("basket", applied.GetProperty("campaign_type").GetString());
        Assert.Equal("claimed", applied.GetProperty("voucher_status").GetString());
        Assert.True(applied.GetProperty("voucher_locked").GetBoolean());
        Assert.Equal(10.00m, applied.GetProperty("voucher_amount_redeemed").GetDecimal());
        Assert.Equal(90.00m, Basket(response).GetProperty("basket_total_price_adjusted").GetDecimal());
        var voucher = Assert.Single(await LiveVouchersAsync(shop, campaign));
        Assert.Equal(("claimed", 1000L, "basket"), (voucher.Status, voucher.AmountOriginalCents!.Value, voucher.Type));
        Assert.Equal(voucher.Key, applied.GetProperty("voucher_key").GetString());

        // An anonymous basket gets no voucher.
        var anonymous = await BasketCalls.PriceAsync(shop, shop.Basket(Code(), ShopSetup.TwoItems, memberNumber: null));
        Assert.Empty(Basket(anonymous).GetProperty("basket_vouchers_applied").EnumerateArray());
    }

    [Theory, AllEngines]
    public async Task Pricing_twice_with_the_same_voucher_locking_code_leaves_one_voucher_of_the_basket_campaign(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var campaign = await BasketCampaignAsync(shop);
        var body = shop.Basket(Code(), ShopSetup.TwoItems, extra: ""","voucher_locking_code":"till-7" """);

        var first = await BasketCalls.PriceAsync(shop, body);
        var second = await BasketCalls.PriceAsync(shop, body);

        first.AssertOk("get-basket-price");
        second.AssertOk("get-basket-price");
        var live = Assert.Single(await LiveVouchersAsync(shop, campaign));
        var applied = Assert.Single(Basket(second).GetProperty("basket_vouchers_applied").EnumerateArray());
        Assert.Equal(live.Id, applied.GetProperty("voucher_id").GetInt64());
        Assert.Equal(90.00m, Basket(second).GetProperty("basket_total_price_adjusted").GetDecimal());
        // Created under the code, locked for the default period, but not to the code: the request did not ask for it.
        Assert.Equal("till-7", live.BasketLockingCode);
        Assert.Null(live.LockingCode);
        Assert.NotNull(live.LockedUntil);
    }

    /// <summary>
    /// Two tills price baskets of one member at once: each gets the basket campaign's discount once, its own, and
    /// not the other till's as well (a basket discount is made for one basket).
    /// </summary>
    [Theory, AllEngines]
    public async Task Two_tills_pricing_for_one_member_each_apply_only_the_basket_discount_made_under_their_own_locking_code(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var campaign = await BasketCampaignAsync(shop);

        var till7 = await BasketCalls.PriceAsync(shop, shop.Basket(Code(), ShopSetup.TwoItems, extra: ""","voucher_locking_code":"till-7" """));
        var till9 = await BasketCalls.PriceAsync(shop, shop.Basket(Code(), ShopSetup.TwoItems, extra: ""","voucher_locking_code":"till-9" """));
        var noCode = await BasketCalls.PriceAsync(shop, shop.Basket(Code(), ShopSetup.TwoItems));
        var till7Again = await BasketCalls.PriceAsync(shop, shop.Basket(Code(), ShopSetup.TwoItems, extra: ""","voucher_locking_code":"till-7" """));

        var live = (await LiveVouchersAsync(shop, campaign)).ToDictionary(v => v.BasketLockingCode!, v => v.Id);
        Assert.Equal(["", "till-7", "till-9"], live.Keys.Order(StringComparer.Ordinal));
        foreach (var (response, code) in new[] { (till9, "till-9"), (noCode, ""), (till7Again, "till-7") })
        {
            response.AssertOk("get-basket-price");
            var applied = Assert.Single(Basket(response).GetProperty("basket_vouchers_applied").EnumerateArray());
            Assert.Equal(live[code], applied.GetProperty("voucher_id").GetInt64());
            Assert.Equal(90.00m, Basket(response).GetProperty("basket_total_price_adjusted").GetDecimal());
        }
        Assert.NotEqual(live["till-7"], Assert.Single(Basket(till7).GetProperty("basket_vouchers_applied").EnumerateArray()).GetProperty("voucher_id").GetInt64());
    }

    /// <summary>
    /// A price replaces only the basket discount a price made under its code: a voucher of the same campaign made
    /// otherwise (here the one regenerated when an item bought with the discount was returned: a child of it) is the
    /// member's, applied and kept, also by a price without a locking code.
    /// </summary>
    [Theory, AllEngines]
    public async Task Pricing_without_a_locking_code_keeps_a_regenerated_voucher_of_the_basket_campaign(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var campaign = await BasketCampaignAsync(shop);
        (await BasketCalls.PriceAsync(shop, shop.Basket(Code(), ShopSetup.TwoItems))).AssertOk("get-basket-price");
        var discount = Assert.Single(await LiveVouchersAsync(shop, campaign));
        await shop.Chain.App.WithDbAsync(async db =>
        {
            db.Vouchers.Add(new Tessera.Server.Data.Entities.Voucher
            {
                Key = "regen-" + Guid.NewGuid().ToString("N")[..12], ChainId = shop.Chain.ChainId, UserId = shop.Member.Id, CampaignId = campaign,
                Type = "basket", Status = "claimed", AmountOriginalCents = 500, CurrencyId = discount.CurrencyId, CreatedAt = DateTime.UtcNow,
                ParentVoucherId = discount.Id,
            });
            return await db.SaveChangesAsync();
        });

        var second = await BasketCalls.PriceAsync(shop, shop.Basket(Code(), ShopSetup.TwoItems));

        second.AssertOk("get-basket-price");
        var live = await LiveVouchersAsync(shop, campaign);
        Assert.Equal([(1000L, ""), (500L, (string?)null)], live.OrderByDescending(v => v.AmountOriginalCents).Select(v => (v.AmountOriginalCents!.Value, v.BasketLockingCode)));
        Assert.Equal(2, Basket(second).GetProperty("basket_vouchers_applied").GetArrayLength());
        Assert.Equal(85.00m, Basket(second).GetProperty("basket_total_price_adjusted").GetDecimal());
    }

    /// <summary>
    /// spec voucher_locking_code: the code is assigned to the vouchers get-basket-price locks only "when the
    /// basket_vouchers_lock_exclusively parameter is also supplied"; without it a basket campaign's voucher, created
    /// under the code, is redeemed by an add-basket from another till, and the code still replaces it.
    /// </summary>
    [Theory, AllEngines]
    public async Task A_basket_campaign_voucher_priced_without_locking_exclusively_is_redeemed_by_an_add_basket_with_another_locking_code(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var campaign = await BasketCampaignAsync(shop);

        var (key, added) = await PriceAtTill7ThenAddAtTill9Async(shop, exclusively: false);

        var applied = Assert.Single(Basket(added).GetProperty("basket_vouchers_applied").EnumerateArray());
        Assert.Equal(key, applied.GetProperty("voucher_key").GetString());
        Assert.Equal(10.00m, applied.GetProperty("voucher_amount_redeemed").GetDecimal());
        Assert.Empty(await LiveVouchersAsync(shop, campaign));
    }

    [Theory, AllEngines]
    public async Task A_basket_campaign_voucher_priced_locking_exclusively_is_not_redeemed_by_an_add_basket_with_another_locking_code(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var campaign = await BasketCampaignAsync(shop);

        var (_, added) = await PriceAtTill7ThenAddAtTill9Async(shop, exclusively: true);

        Assert.Empty(Basket(added).GetProperty("basket_vouchers_applied").EnumerateArray());
        var live = Assert.Single(await LiveVouchersAsync(shop, campaign));
        Assert.Equal(("till-7", "till-7"), (live.LockingCode, live.BasketLockingCode));
    }

    /// <summary>
    /// get-basket-price with voucher_locking_code till-7 (exclusively or not), then an add-basket with till-9 naming the
    /// basket campaign's voucher the price applied: the voucher's key and the add-basket's answer (which succeeded).
    /// </summary>
    private static async Task<(string? Key, SpaazaResponse Added)> PriceAtTill7ThenAddAtTill9Async(ShopSetup shop, bool exclusively)
    {
        var priced = await BasketCalls.PriceAsync(shop, shop.Basket(Code(), ShopSetup.TwoItems,
            extra: $$""","voucher_locking_code":"till-7","basket_vouchers_lock_exclusively":{{(exclusively ? "true" : "false")}}"""));
        priced.AssertOk("get-basket-price");
        var key = Assert.Single(Basket(priced).GetProperty("basket_vouchers_applied").EnumerateArray()).GetProperty("voucher_key").GetString();
        var added = await BasketCalls.AddAsync(shop, shop.Basket(Code(), ShopSetup.TwoItems, total: 90m,
            extra: $$""","voucher_locking_code":"till-9","basket_vouchers":[{"voucher_key":"{{key}}"}]"""));
        added.AssertOk("add-basket");
        return (key, added);
    }

    [Theory, AllEngines]
    public async Task Pricing_twice_with_the_same_voucher_locking_code_locking_exclusively_leaves_one_voucher_of_the_basket_campaign(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var campaign = await BasketCampaignAsync(shop);
        var body = shop.Basket(Code(), ShopSetup.TwoItems, extra: ""","voucher_locking_code":"till-8","basket_vouchers_lock_exclusively":true""");

        (await BasketCalls.PriceAsync(shop, body)).AssertOk("get-basket-price");
        var second = await BasketCalls.PriceAsync(shop, body);

        second.AssertOk("get-basket-price");
        var live = Assert.Single(await LiveVouchersAsync(shop, campaign));
        Assert.Equal("till-8", live.LockingCode);
        Assert.Equal(live.Id, Assert.Single(Basket(second).GetProperty("basket_vouchers_applied").EnumerateArray()).GetProperty("voucher_id").GetInt64());
    }
}
