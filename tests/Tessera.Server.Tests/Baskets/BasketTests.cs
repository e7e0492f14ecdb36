using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tessera.Server.Features.Baskets;
using Tessera.Server.Protocol;
using Tessera.Server.Tests.Campaigns;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Baskets;

/// <summary>A chain with a money wallet, a 10% cashback campaign into it and a member.</summary>
public sealed record ShopSetup(TestChain Chain, Tessera.Server.Data.Entities.User Member, int Wallet, int Cashback, int VoucherCampaign)
{
    public string MemberNumber => Member.MemberNumber ?? Member.Id.ToString(CultureInfo.InvariantCulture);

    public static async Task<ShopSetup> CreateAsync(TesseraApp app)
    {
        var chain = await app.BootstrapAsync();
        using var admin = await chain.AdminClientAsync();
        var wallet = (await CampaignTests.AddCampaignAsync(admin, chain.ChainId, """{"type":"wallet","title":"Money Wallet"}""")).GetProperty("id").GetInt32();
        var cashback = (await CampaignTests.AddCampaignAsync(admin, chain.ChainId, $$"""{"type":"cashback","title":"Store Rewards","earn_percentage":10,"recipient_campaign_id":{{wallet}}}""")).GetProperty("id").GetInt32();
        var gifts = (await CampaignTests.AddCampaignAsync(admin, chain.ChainId, """{"type":"loyalty","title":"Welcome gift"}""")).GetProperty("id").GetInt32();
        var member = await chain.AddMemberAsync();
        return new ShopSetup(chain, member, wallet, cashback, gifts);
    }

    /// <summary>A claimed basket voucher of <paramref name="amount"/> for the member, not paid from a wallet.</summary>
    public async Task<(long Id, string Key)> VoucherAsync(string amount)
    {
        using var privileged = Chain.PrivilegedClient();
        var created = await privileged.PostAsync("/create-voucher", ("user_id", Id(Member.Id)), ("campaign_id", Id(VoucherCampaign)), ("voucher_amount", amount), ("set_claimed", "true"));
        created.AssertOk("create-voucher");
        var voucher = created.Results.TryGetProperty("voucher", out var inner) ? inner : created.Results;
        return (voucher.GetProperty("voucher_id").GetInt64(), voucher.GetProperty("voucher_key").GetString()!);
    }

    public Task<long> BalanceAsync(int? userId = null) => Chain.App.WithDbAsync(db =>
        db.MemberWallets.Where(w => w.UserId == (userId ?? Member.Id) && w.CampaignId == Wallet).Select(w => w.BalanceCents).FirstOrDefaultAsync());

    public Task<long> LedgerSumAsync(int? userId = null) => Chain.App.WithDbAsync(db =>
        db.LedgerEntries.Where(e => e.UserId == (userId ?? Member.Id) && e.WalletCampaignId == Wallet).SumAsync(e => e.AmountCents));

    public static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>An add-basket / get-basket-price body for this chain.</summary>
    public string Basket(string code, string items, string? memberNumber = "", decimal? total = null, string extra = "")
    {
        var user = memberNumber is null ? "null" : $$"""{"member_programme":"spaaza","member_number":"{{(memberNumber.Length == 0 ? MemberNumber : memberNumber)}}"}""";
        var totalText = total is { } t ? t.ToString(CultureInfo.InvariantCulture) : "100.00";
        return $$"""{"entity":{"entity_type":"chain","entity_id":{{Chain.ChainId}}},"user":{{user}},"basket":{"basket_platform_type":"online","retailer_basket_code":"{{code}}","basket_total_price":{{totalText}},"basket_currency":{"currency_code":"EUR"},"basket_items":{{items}}""" + extra + "}}";
    }

    public const string TwoItems = """[{"item_barcode":"111","retailer_item_code":"line_0","item_quantity":2,"item_price":30.00},{"item_barcode":"222","retailer_item_code":"line_1","item_quantity":1,"item_price":40.00}]""";
}

public sealed class BasketTests
{
    private static string Code() => "B-" + Guid.NewGuid().ToString("N")[..10];

    private static async Task<SpaazaResponse> AddAsync(ShopSetup shop, string body)
    {
        using var privileged = shop.Chain.PrivilegedClient();
        return await privileged.SendJsonAsync(HttpMethod.Post, "/auth/add-basket", body);
    }

    private static async Task<SpaazaResponse> PriceAsync(ShopSetup shop, string body)
    {
        using var privileged = shop.Chain.PrivilegedClient();
        return await privileged.SendJsonAsync(HttpMethod.Post, "/auth/get-basket-price", body);
    }

    [Theory, AllEngines]
    public async Task Add_basket_stores_the_basket_and_credits_cashback_split_exactly_over_the_lines(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));

        var response = await AddAsync(shop, shop.Basket(Code(), ShopSetup.TwoItems));

        response.AssertOk("add-basket");
        var basket = response.Results.GetProperty("basket");
        Assert.True(basket.GetProperty("id").GetInt64() > 0);
        Assert.Equal(shop.Member.Id, response.Results.GetProperty("user").GetProperty("user_id").GetInt32());
        var progress = Assert.Single(basket.GetProperty("purchase_progress").EnumerateArray());
        Assert.Equal(10.00m, progress.GetProperty("purchase_progress_amount").GetDecimal());
        Assert.Equal(shop.Wallet, progress.GetProperty("purchase_progress_campaign_id").GetInt32());
        Assert.Equal(shop.Cashback, progress.GetProperty("contributing_campaign").GetProperty("campaign_id").GetInt32());
        var perLine = basket.GetProperty("basket_items").EnumerateArray()
            .Select(i => i.GetProperty("purchase_progress_distribution")[0].GetProperty("purchase_progress_distribution_amount").GetDecimal()).ToList();
        Assert.Equal([6.00m, 4.00m], perLine);
        Assert.Equal(1000, await shop.BalanceAsync());
        Assert.Equal(1000, await shop.LedgerSumAsync());
    }

    [Theory, AllEngines]
    public async Task When_the_shopper_paid_less_than_the_lines_add_up_to_cashback_counts_what_was_paid(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));

        // The till gave 20.00 off on its own: lines of 100.00, paid 80.00 plus 5.00 shipping.
        var response = await AddAsync(shop, shop.Basket(Code(), ShopSetup.TwoItems, total: 85.00m, extra: ""","shipping_charge":5.00"""));

        response.AssertOk("add-basket");
        Assert.Equal(800, await shop.BalanceAsync());
        var perLine = response.Results.GetProperty("basket").GetProperty("basket_items").EnumerateArray()
            .Select(i => i.GetProperty("purchase_progress_distribution")[0].GetProperty("purchase_progress_distribution_amount").GetDecimal()).ToList();
        Assert.Equal([4.80m, 3.20m], perLine);
    }

    [Theory, AllEngines]
    public async Task A_replayed_basket_answers_311_with_the_stored_basket_and_credits_nothing_again(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var body = shop.Basket(Code(), ShopSetup.TwoItems);

        var first = await AddAsync(shop, body);
        var second = await AddAsync(shop, body);

        first.AssertOk("add-basket");
        second.AssertOk("add-basket");
        Assert.Equal(311, second.Json.GetProperty("warnings")[0].GetProperty("code").GetInt32());
        Assert.Equal(first.Results.GetProperty("basket").GetProperty("id").GetInt64(), second.Results.GetProperty("basket").GetProperty("id").GetInt64());
        Assert.Equal(1000, await shop.BalanceAsync());
    }

    [Theory, AllEngines]
    public async Task A_replayed_basket_with_a_voucher_and_a_return_answers_311_with_its_first_answer_and_changes_nothing(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var original = Code();
        (await AddAsync(shop, shop.Basket(original, ShopSetup.TwoItems))).AssertOk("add-basket");
        var (_, key) = await shop.VoucherAsync("5.00");
        // Buys 100.00 with a 5.00 voucher and returns both 30.00 units of the first basket: the replay finds the
        // voucher redeemed and no unit left to return (310), by this very basket.
        var items = $$"""[{"item_barcode":"111","retailer_item_code":"line_0","item_quantity":2,"item_price":30.00},{"item_barcode":"222","retailer_item_code":"line_1","item_quantity":1,"item_price":40.00},{"item_barcode":"111","item_quantity":2,"item_price":-30.00,"return_item":true,"original_retailer_basket_code":"{{original}}"}]""";
        var body = shop.Basket(Code(), items, total: 35.00m, extra: $$""","basket_vouchers":[{"voucher_key":"{{key}}"}]""");

        var first = await AddAsync(shop, body);
        var balance = await shop.BalanceAsync();
        var baskets = await BasketCalls.BasketCountAsync(shop);
        var replay = await AddAsync(shop, body);

        first.AssertOk("add-basket");
        Assert.DoesNotContain(first.Json.TryGetProperty("warnings", out var w) ? w.EnumerateArray().Select(x => x.GetProperty("code").GetInt32()) : [], c => c == 311);
        Assert.Single(first.Results.GetProperty("basket").GetProperty("basket_vouchers_applied").EnumerateArray());
        replay.AssertOk("add-basket");
        Assert.Equal([311], replay.Json.GetProperty("warnings").EnumerateArray().Select(x => x.GetProperty("code").GetInt32()));
        Assert.Equal(first.Results.GetRawText(), replay.Results.GetRawText());
        Assert.Equal(balance, await shop.BalanceAsync());
        Assert.Equal(baskets, await BasketCalls.BasketCountAsync(shop));
        Assert.Equal(balance, await shop.LedgerSumAsync());
    }

    [Theory, AllEngines]
    public async Task Get_basket_price_applies_and_locks_the_claimed_voucher_and_stores_nothing(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var (voucherId, key) = await shop.VoucherAsync("10.00");
        var code = Code();

        var response = await PriceAsync(shop, shop.Basket(code, ShopSetup.TwoItems, extra: ""","voucher_locking_code":"L-1","basket_vouchers_lock_exclusively":true"""));

        response.AssertOk("get-basket-price");
        var basket = response.Results.GetProperty("basket");
        var applied = Assert.Single(basket.GetProperty("basket_vouchers_applied").EnumerateArray());
        Assert.Equal(key, applied.GetProperty("voucher_key").GetString());
        Assert.True(applied.GetProperty("voucher_locked").GetBoolean());
        // A voucher without expiry answers the date of the samples (get-basket-price: 2050-01-01 00:00:00).
        Assert.Equal("2050-01-01 00:00:00", applied.GetProperty("voucher_expiry_datetime_utc").GetString());
        Assert.True(applied.GetProperty("voucher_expiry_seconds_remaining").GetInt64() > 0);
        Assert.Equal(10.00m, applied.GetProperty("voucher_amount_redeemed").GetDecimal());
        Assert.Equal(90.00m, basket.GetProperty("basket_total_price_adjusted").GetDecimal());
        var parts = basket.GetProperty("basket_items").EnumerateArray()
            .Select(i => i.GetProperty("basket_voucher_distribution")[0].GetProperty("voucher_distribution_amount").GetDecimal()).ToList();
        Assert.Equal([6.00m, 4.00m], parts);
        Assert.Equal(9.00m, basket.GetProperty("purchase_progress")[0].GetProperty("purchase_progress_amount").GetDecimal());

        var (baskets, voucher) = await shop.Chain.App.WithDbAsync(async db =>
            (await db.Baskets.CountAsync(b => b.RetailerBasketCode == code), await db.Vouchers.AsNoTracking().SingleAsync(v => v.Id == voucherId)));
        Assert.Equal(0, baskets);
        Assert.Equal("claimed", voucher.Status);
        Assert.Equal("L-1", voucher.LockingCode);
        Assert.Equal(code, voucher.RetailerBasketCodeExclusive);
        Assert.NotNull(voucher.LockedUntil);
        Assert.Equal(0, await shop.BalanceAsync());
    }

    [Theory, AllEngines]
    public async Task Get_basket_price_puts_back_the_lock_of_a_voucher_it_does_not_apply(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var (voucherId, key) = await shop.VoucherAsync("10.00");
        var first = Code();
        (await PriceAsync(shop, shop.Basket(first, ShopSetup.TwoItems, extra: ""","voucher_locking_code":"L-1","basket_vouchers_lock_exclusively":true""")))
            .AssertOk("get-basket-price");
        var before = await shop.Chain.App.WithDbAsync(db => db.Vouchers.AsNoTracking().SingleAsync(v => v.Id == voucherId));

        // Same till, a basket of excluded items only: the voucher redeems nothing here, so it is not applied.
        const string excluded = """[{"item_barcode":"111","item_quantity":1,"item_price":30.00,"excluded_from_spaaza":true}]""";
        var response = await PriceAsync(shop, shop.Basket(Code(), excluded, total: 30m, extra: ""","voucher_locking_code":"L-1","basket_vouchers_lock_exclusively":true"""));

        response.AssertOk("get-basket-price");
        Assert.Empty(response.Results.GetProperty("basket").GetProperty("basket_vouchers_applied").EnumerateArray());
        var after = await shop.Chain.App.WithDbAsync(db => db.Vouchers.AsNoTracking().SingleAsync(v => v.Id == voucherId));
        Assert.Equal((before.LockedUntil, before.LockingCode, before.RetailerBasketCodeExclusive), (after.LockedUntil, after.LockingCode, after.RetailerBasketCodeExclusive));
        Assert.Equal((key, "L-1", first), (after.Key, after.LockingCode, after.RetailerBasketCodeExclusive));
        Assert.Equal("claimed", after.Status);
    }

    [Theory, AllEngines]
    public async Task Get_basket_price_refused_for_an_over_distributed_voucher_leaves_it_unlocked(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var (voucherId, key) = await shop.VoucherAsync("10.00");
        var items = $$"""[{"item_barcode":"111","item_quantity":1,"item_price":30.00,"basket_voucher_distribution":[{"voucher_key":"{{key}}","voucher_distribution_amount":15.00}]}]""";

        var response = await PriceAsync(shop, shop.Basket(Code(), items, total: 30m));

        response.AssertError(ErrorCodes.CalculationError);
        var voucher = await shop.Chain.App.WithDbAsync(db => db.Vouchers.AsNoTracking().SingleAsync(v => v.Id == voucherId));
        Assert.Equal(("claimed", (DateTime?)null, (string?)null), (voucher.Status, voucher.LockedUntil, voucher.RetailerBasketCodeExclusive));
    }

    [Theory, AllEngines]
    public async Task Add_basket_redeems_the_named_voucher_and_earns_on_what_was_paid(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var (voucherId, key) = await shop.VoucherAsync("10.00");

        var response = await AddAsync(shop, shop.Basket(Code(), ShopSetup.TwoItems, total: 90.00m, extra: $$""","basket_vouchers":[{"voucher_key":"{{key}}"}]"""));

        response.AssertOk("add-basket");
        var basket = response.Results.GetProperty("basket");
        var applied = Assert.Single(basket.GetProperty("basket_vouchers_applied").EnumerateArray());
        Assert.Equal("redeemed", applied.GetProperty("voucher_status").GetString());
        Assert.Equal(10.00m, applied.GetProperty("voucher_amount_redeemed").GetDecimal());
        Assert.Equal(basket.GetProperty("id").GetInt64(), applied.GetProperty("redeeming_basket").GetProperty("basket_id").GetInt64());
        // 10% of the 90.00 paid.
        Assert.Equal(900, await shop.BalanceAsync());
        var voucher = await shop.Chain.App.WithDbAsync(db => db.Vouchers.AsNoTracking().SingleAsync(v => v.Id == voucherId));
        Assert.Equal(("redeemed", 1000L), (voucher.Status, voucher.AmountRedeemedCents));
        Assert.Equal(basket.GetProperty("id").GetInt64(), voucher.RedeemingBasketId);
    }

    [Theory, AllEngines]
    public async Task A_voucher_that_cannot_be_redeemed_is_a_warning_and_the_basket_is_stored(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var (_, key) = await shop.VoucherAsync("10.00");
        (await AddAsync(shop, shop.Basket(Code(), ShopSetup.TwoItems, extra: $$""","basket_vouchers":[{"voucher_key":"{{key}}"}]"""))).AssertOk("add-basket");

        var again = await AddAsync(shop, shop.Basket(Code(), ShopSetup.TwoItems, extra: $$""","basket_vouchers":[{"voucher_key":"{{key}}"},{"voucher_key":"{{new string('a', 64)}}"}]"""));

        again.AssertOk("add-basket");
        var codes = again.Json.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("code").GetInt32()).ToList();
        Assert.Equal([ErrorCodes.VoucherStatusRedeemed.Code, ErrorCodes.VoucherNotFound.Code], codes);
        Assert.Empty(again.Results.GetProperty("basket").GetProperty("basket_vouchers_applied").EnumerateArray());
    }

    [Theory, AllEngines]
    public async Task A_voucher_locked_to_another_locking_code_is_not_redeemed(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var (_, key) = await shop.VoucherAsync("10.00");
        (await PriceAsync(shop, shop.Basket(Code(), ShopSetup.TwoItems, extra: ""","voucher_locking_code":"till-1","basket_vouchers_lock_exclusively":true"""))).AssertOk("get-basket-price");

        var other = await AddAsync(shop, shop.Basket(Code(), ShopSetup.TwoItems, extra: $$""","voucher_locking_code":"till-2","basket_vouchers":[{"voucher_key":"{{key}}"}]"""));
        var same = await AddAsync(shop, shop.Basket(Code(), ShopSetup.TwoItems, extra: $$""","voucher_locking_code":"till-1","basket_vouchers":[{"voucher_key":"{{key}}"}]"""));

        Assert.Equal(ErrorCodes.VoucherLocked.Code, other.Json.GetProperty("warnings")[0].GetProperty("code").GetInt32());
        Assert.Single(same.Results.GetProperty("basket").GetProperty("basket_vouchers_applied").EnumerateArray());
    }

    [Theory, AllEngines]
    public async Task Returning_every_item_restores_the_wallet_and_regenerates_the_spent_voucher(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var (voucherId, key) = await shop.VoucherAsync("10.00");
        var original = Code();
        (await AddAsync(shop, shop.Basket(original, ShopSetup.TwoItems, total: 90m, extra: $$""","basket_vouchers":[{"voucher_key":"{{key}}"}]"""))).AssertOk("add-basket");
        Assert.Equal(900, await shop.BalanceAsync());

        var items = $$"""[{"item_barcode":"111","item_quantity":2,"item_price":-30.00,"return_item":true,"original_retailer_basket_code":"{{original}}"},{"item_barcode":"222","item_quantity":1,"item_price":-40.00,"return_item":true,"original_retailer_basket_code":"{{original}}"}]""";
        var response = await AddAsync(shop, shop.Basket(Code(), items, total: -90m));

        response.AssertOk("add-basket");
        Assert.Equal(0, await shop.BalanceAsync());
        Assert.Equal(0, await shop.LedgerSumAsync());
        var basket = response.Results.GetProperty("basket");
        var transaction = Assert.Single(basket.GetProperty("return_transactions").EnumerateArray());
        var returned = transaction.GetProperty("returned_items").EnumerateArray().ToList();
        Assert.Equal(2, returned.Count);
        Assert.Equal(10.00m, returned.Sum(r => r.GetProperty("voucher_distribution_refunds").EnumerateArray().Sum(x => x.GetProperty("amount").GetDecimal())));
        Assert.Equal(-9.00m, returned.Sum(r => r.GetProperty("purchase_progress_distribution_reclaims").EnumerateArray().Sum(x => x.GetProperty("amount").GetDecimal())));
        var regenerated = basket.GetProperty("regenerated_rewards").EnumerateArray().ToList();
        Assert.Equal(10.00m, regenerated.Sum(r => r.GetProperty("voucher_amount").GetDecimal()));
        Assert.All(regenerated, r => Assert.Equal(voucherId, r.GetProperty("parent_voucher").GetProperty("voucher_id").GetInt64()));
        var children = await shop.Chain.App.WithDbAsync(db => db.Vouchers.AsNoTracking().Where(v => v.ParentVoucherId == voucherId).ToListAsync());
        Assert.Equal(1000, children.Sum(v => v.AmountOriginalCents));
        Assert.All(children, v => Assert.Equal("claimed", v.Status));

        // Nothing is left to return.
        var again = await AddAsync(shop, shop.Basket(Code(), items, total: -90m));
        again.AssertError(ErrorCodes.ReturnQuantityExceedsOriginalQuantity);
    }

    [Theory, AllEngines]
    public async Task A_product_campaign_gives_an_item_voucher_that_add_basket_redeems_per_unit(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        using (var admin = await shop.Chain.AdminClientAsync())
        {
            await CampaignTests.AddCampaignAsync(admin, shop.Chain.ChainId, """{"type":"product","title":"Sweater deal","product_codes":["111"],"discount_amount":5}""");
        }
        var code = Code();

        var priced = await PriceAsync(shop, shop.Basket(code, ShopSetup.TwoItems));

        priced.AssertOk("get-basket-price");
        var line = priced.Results.GetProperty("basket").GetProperty("basket_items")[0];
        var itemVoucher = Assert.Single(line.GetProperty("item_vouchers").EnumerateArray());
        Assert.Equal(5.00m, itemVoucher.GetProperty("voucher_amount").GetDecimal());
        Assert.Equal((25.00m, 30.00m), (line.GetProperty("item_price").GetDecimal(), line.GetProperty("item_original_price").GetDecimal()));
        Assert.Equal(90.00m, priced.Results.GetProperty("basket").GetProperty("basket_total_price_adjusted").GetDecimal());
        var key = itemVoucher.GetProperty("voucher_key").GetString();
        using (var privileged = shop.Chain.PrivilegedClient())
        {
            var card = await privileged.GetAsync("/get-card", ("user_id", ShopSetup.Id(shop.Member.Id)));
            card.AssertOk("get-user-entity-card");
            var listed = Assert.Single(card.Results.GetProperty("vouchers").EnumerateArray());
            Assert.Equal((key, "111"), (listed.GetProperty("voucher_key").GetString(), listed.GetProperty("product_code").GetString()));
            Assert.DoesNotContain(card.Results.GetProperty("basket_vouchers").EnumerateArray(), v => v.GetProperty("voucher_key").GetString() == key);
        }

        var items = $$"""[{"item_barcode":"111","retailer_item_code":"line_0","item_quantity":2,"item_price":30.00,"item_vouchers":[{"voucher_key":"{{key}}","voucher_amount":5.00}]},{"item_barcode":"222","retailer_item_code":"line_1","item_quantity":1,"item_price":40.00}]""";
        var added = await AddAsync(shop, shop.Basket(code, items, total: 90.00m));
        var replayedVoucher = await AddAsync(shop, shop.Basket(Code(), items, total: 90.00m));

        added.AssertOk("add-basket");
        var stored = added.Results.GetProperty("basket").GetProperty("basket_items")[0];
        Assert.Equal(25.00m, stored.GetProperty("item_price").GetDecimal());
        // Both baskets paid 90.00: the first thanks to the item voucher, the second because the till charged it anyway.
        Assert.Equal(1800, await shop.BalanceAsync());
        var voucher = await shop.Chain.App.WithDbAsync(db => db.Vouchers.AsNoTracking().SingleAsync(v => v.Key == key));
        Assert.Equal(("var_price", "redeemed", 1000L), (voucher.Type, voucher.Status, voucher.AmountRedeemedCents));
        Assert.Equal(ErrorCodes.VoucherStatusRedeemed.Code, replayedVoucher.Json.GetProperty("warnings")[0].GetProperty("code").GetInt32());
    }

    [Theory, AllEngines]
    public async Task Percentage_and_honour_vouchers_are_priced_locked_and_redeemed(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        string pctKey, honourKey;
        using (var privileged = shop.Chain.PrivilegedClient())
        {
            var pct = await privileged.PostAsync("/create-voucher", ("user_id", ShopSetup.Id(shop.Member.Id)), ("campaign_id", ShopSetup.Id(shop.VoucherCampaign)),
                ("voucher_type", "basket_pct"), ("voucher_discount_ratio", "0.25"), ("set_claimed", "true"));
            pct.AssertOk("create-voucher");
            pctKey = (pct.Results.TryGetProperty("voucher", out var p) ? p : pct.Results).GetProperty("voucher_key").GetString()!;
            var honour = await privileged.PostAsync("/create-voucher", ("user_id", ShopSetup.Id(shop.Member.Id)), ("campaign_id", ShopSetup.Id(shop.VoucherCampaign)),
                ("voucher_type", "honour"), ("voucher_honour_code", "FREE-TOTE"), ("set_claimed", "true"));
            honour.AssertOk("create-voucher");
            honourKey = (honour.Results.TryGetProperty("voucher", out var h) ? h : honour.Results).GetProperty("voucher_key").GetString()!;
        }
        var code = Code();

        var priced = await PriceAsync(shop, shop.Basket(code, ShopSetup.TwoItems));

        priced.AssertOk("get-basket-price");
        var basket = priced.Results.GetProperty("basket");
        var pctApplied = Assert.Single(basket.GetProperty("basket_vouchers_applied").EnumerateArray());
        Assert.Equal((pctKey, 25.00m), (pctApplied.GetProperty("voucher_key").GetString(), pctApplied.GetProperty("voucher_amount_redeemed").GetDecimal()));
        var honourApplied = Assert.Single(basket.GetProperty("honour_vouchers_applied").EnumerateArray());
        Assert.Equal(("FREE-TOTE", true), (honourApplied.GetProperty("voucher_honour_code").GetString(), honourApplied.GetProperty("voucher_locked").GetBoolean()));
        Assert.Equal(75.00m, basket.GetProperty("basket_total_price_adjusted").GetDecimal());

        var added = await AddAsync(shop, shop.Basket(code, ShopSetup.TwoItems, total: 75.00m,
            extra: $$""","basket_vouchers":[{"voucher_key":"{{pctKey}}"}],"honour_vouchers":[{"voucher_key":"{{honourKey}}"}]"""));

        added.AssertOk("add-basket");
        var stored = added.Results.GetProperty("basket");
        Assert.Equal(25.00m, Assert.Single(stored.GetProperty("basket_vouchers_applied").EnumerateArray()).GetProperty("voucher_amount_redeemed").GetDecimal());
        Assert.Equal("redeemed", Assert.Single(stored.GetProperty("honour_vouchers_applied").EnumerateArray()).GetProperty("voucher_status").GetString());
        var statuses = await shop.Chain.App.WithDbAsync(db => db.Vouchers.AsNoTracking().Where(v => v.Key == pctKey || v.Key == honourKey).Select(v => v.Status).ToListAsync());
        Assert.All(statuses, s => Assert.Equal("redeemed", s));
        // 10% of the 75.00 paid.
        Assert.Equal(750, await shop.BalanceAsync());
    }

    [Trait("Category", "Slow")]
    [Theory, AllEngines]
    public async Task Fifty_racing_baskets_naming_one_voucher_redeem_it_once(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var (voucherId, key) = await shop.VoucherAsync("10.00");

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ =>
            AddAsync(shop, shop.Basket(Code(), ShopSetup.TwoItems, extra: $$""","basket_vouchers":[{"voucher_key":"{{key}}"}]"""))));

        Assert.All(responses, r => r.AssertOk("add-basket"));
        Assert.Equal(1, responses.Count(r => r.Results.GetProperty("basket").GetProperty("basket_vouchers_applied").GetArrayLength() == 1));
        var (voucher, baskets) = await shop.Chain.App.WithDbAsync(async db => (
            await db.Vouchers.AsNoTracking().SingleAsync(v => v.Id == voucherId),
            await db.Baskets.CountAsync(b => b.ChainId == shop.Chain.ChainId)));
        var distributed = await BasketCalls.DistributedCentsAsync(shop, voucherId);
        Assert.Equal(1000, voucher.AmountRedeemedCents);
        Assert.Equal(1000, distributed);
        Assert.Equal(50, baskets);
        // 49 baskets earned 10% of 100.00, one of 90.00.
        Assert.Equal((49 * 1000) + 900, await shop.BalanceAsync());
        Assert.Equal(await shop.LedgerSumAsync(), await shop.BalanceAsync());
    }

    [Trait("Category", "Slow")]
    [Theory, AllEngines]
    public async Task Racing_exclusive_price_requests_of_two_tills_tell_only_the_till_that_holds_a_voucher_that_it_is_locked(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var (firstId, first) = await shop.VoucherAsync("10.00");
        var (secondId, second) = await shop.VoucherAsync("5.00");

        var responses = await Task.WhenAll(Enumerable.Range(0, 24).Select(async i =>
        {
            var till = i % 2 == 0 ? "T-A" : "T-B";
            return (Till: till, Response: await PriceAsync(shop, shop.Basket(Code(), ShopSetup.TwoItems,
                extra: $$""","voucher_locking_code":"{{till}}","basket_vouchers_lock_exclusively":true""")));
        }));

        Assert.All(responses, r => r.Response.AssertOk("get-basket-price"));
        // Which till each answer told that a voucher is now locked for it.
        var told = responses.SelectMany(r => r.Response.Results.GetProperty("basket").GetProperty("basket_vouchers_applied").EnumerateArray()
                .Where(v => v.GetProperty("voucher_locked").GetBoolean())
                .Select(v => (Key: v.GetProperty("voucher_key").GetString(), r.Till)))
            .Distinct().ToList();
        var stored = await shop.Chain.App.WithDbAsync(db => db.Vouchers.AsNoTracking().Where(v => v.Id == firstId || v.Id == secondId)
            .ToDictionaryAsync(v => v.Key, v => (v.Status, v.LockingCode, Locked: v.LockedUntil != null)));
        foreach (var key in new[] { first, second })
        {
            var (status, lockingCode, locked) = stored[key];
            Assert.Equal(("claimed", true), (status, locked));
            // Exactly one till was told, and it is the one the voucher is locked to.
            Assert.Equal([lockingCode], told.Where(t => t.Key == key).Select(t => (string?)t.Till));
        }
    }

    [Trait("Category", "Slow")]
    [Theory, AllEngines]
    public async Task Thirty_racing_baskets_naming_the_same_two_vouchers_in_either_order_redeem_each_once(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var (firstId, first) = await shop.VoucherAsync("10.00");
        var (secondId, second) = await shop.VoucherAsync("5.00");

        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
        {
            var (a, b) = i % 2 == 0 ? (first, second) : (second, first);
            return AddAsync(shop, shop.Basket(Code(), ShopSetup.TwoItems, extra: $$""","basket_vouchers":[{"voucher_key":"{{a}}"},{"voucher_key":"{{b}}"}]"""));
        }));

        Assert.All(responses, r => r.AssertOk("add-basket"));
        var applied = responses.SelectMany(r => r.Results.GetProperty("basket").GetProperty("basket_vouchers_applied").EnumerateArray())
            .Select(v => v.GetProperty("voucher_key").GetString()).ToList();
        Assert.Equal(1, applied.Count(k => k == first));
        Assert.Equal(1, applied.Count(k => k == second));
        var (vouchers, distributed, baskets) = await shop.Chain.App.WithDbAsync(async db => (
            await db.Vouchers.AsNoTracking().Where(v => v.Id == firstId || v.Id == secondId).ToDictionaryAsync(v => v.Id, v => (v.Status, v.AmountRedeemedCents)),
            (await db.Baskets.AsNoTracking().Where(b => b.ChainId == shop.Chain.ChainId).ToListAsync())
                .SelectMany(BasketLines.Read).Select(i => i.VoucherDistribution).SelectMany(LineDistributions.ReadVouchers).GroupBy(d => d.VoucherId).ToDictionary(g => g.Key, g => g.Sum(d => d.AmountCents)),
            await db.Baskets.CountAsync(b => b.ChainId == shop.Chain.ChainId)));
        Assert.Equal(("redeemed", 1000L), vouchers[firstId]);
        Assert.Equal(("redeemed", 500L), vouchers[secondId]);
        Assert.Equal(1000, distributed[firstId]);
        Assert.Equal(500, distributed[secondId]);
        Assert.Equal(30, baskets);
        Assert.Equal(await shop.LedgerSumAsync(), await shop.BalanceAsync());
    }

    [Trait("Category", "Slow")]
    [Theory, AllEngines]
    public async Task Twenty_parallel_replays_of_one_basket_store_it_and_credit_it_once(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var body = shop.Basket(Code(), ShopSetup.TwoItems);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => AddAsync(shop, body)));

        Assert.All(responses, r => r.AssertOk("add-basket"));
        Assert.Single(responses, r => !r.Json.TryGetProperty("warnings", out _));
        Assert.Single(responses.Select(r => r.Results.GetProperty("basket").GetProperty("id").GetInt64()).Distinct());
        Assert.Equal(1000, await shop.BalanceAsync());
        Assert.Equal(1000, await shop.LedgerSumAsync());
    }
}
