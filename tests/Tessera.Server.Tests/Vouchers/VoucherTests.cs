using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tessera.Server.Protocol;
using Tessera.Server.Tests.Campaigns;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Vouchers;

public sealed class VoucherTests
{
    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private sealed record Setup(TestChain Chain, int Wallet, Tessera.Server.Data.Entities.User Member);

    private static async Task<Setup> WalletWithBalanceAsync(TesseraApp app, string balance = "50", string walletExtra = "")
    {
        var chain = await app.BootstrapAsync();
        using var admin = await chain.AdminClientAsync();
        var wallet = (await CampaignTests.AddCampaignAsync(admin, chain.ChainId, $$"""{"type":"wallet","title":"Money Wallet","voucher_text":"Your wallet voucher"{{walletExtra}}}""")).GetProperty("id").GetInt32();
        var member = await chain.AddMemberAsync();
        (await admin.PostAsync("/auth/add-user-purchase-progress", ("user_id", Id(member.Id)), ("campaign_id", Id(wallet)), ("amount", balance), ("log_message", "start")))
            .AssertOk("add-user-purchase-progress");
        return new Setup(chain, wallet, member);
    }

    private static Task<long> BalanceAsync(Setup s) =>
        s.Chain.App.WithDbAsync(db => db.MemberWallets.Where(w => w.UserId == s.Member.Id && w.CampaignId == s.Wallet).Select(w => w.BalanceCents).SingleAsync());

    private static async Task<JsonElement> CreateAsync(SpaazaClient client, Setup s, params (string, string)[] extra)
    {
        var response = await client.PostAsync("/create-voucher", [("campaign_id", Id(s.Wallet)), ("user_id", Id(s.Member.Id)), .. extra]);
        response.AssertOk("create-voucher");
        return response.Results;
    }

    [Theory, AllEngines]
    public async Task A_wallet_voucher_takes_its_value_from_the_wallet_and_answers_the_sample(string engine)
    {
        var s = await WalletWithBalanceAsync(TesseraApp.Shared(engine));
        using var privileged = s.Chain.PrivilegedClient();

        var voucher = await CreateAsync(privileged, s, ("voucher_amount", "20"), ("voucher_title", "€20 Voucher"), ("voucher_honour_code", "honour0004"),
            ("voucher_description", "Redeem this voucher in store"), ("voucher_notes", "Terms"), ("voucher_image_url", "https://www.example.com/voucher-image.jpg"),
            ("expiry_date", "2050-01-01"));

        Assert.Matches("^[0-9a-f]{64}$", voucher.GetProperty("voucher_key").GetString());
        Assert.True(voucher.GetProperty("voucher_id").GetInt64() > 0);
        Assert.Equal("generated", voucher.GetProperty("voucher_status").GetString());
        Assert.Equal(s.Wallet, voucher.GetProperty("campaign_id").GetInt32());
        Assert.Equal("Money Wallet", voucher.GetProperty("campaign_title").GetString());
        Assert.Equal("2050-01-01 00:00:00", voucher.GetProperty("voucher_expiry_datetime_utc").GetString());
        Assert.True(voucher.GetProperty("voucher_expiry_seconds_remaining").GetInt64() > 0);
        Assert.Equal(2, voucher.GetProperty("voucher_currency_id").GetInt32());
        Assert.Equal(20m, voucher.GetProperty("voucher_amount").GetDecimal());
        Assert.Equal("honour0004", voucher.GetProperty("voucher_honour_code").GetString());
        Assert.Equal("€20 Voucher", voucher.GetProperty("voucher_title").GetString());
        Assert.Equal("Your wallet voucher", voucher.GetProperty("voucher_text").GetString());
        Assert.Equal(s.Member.Id, voucher.GetProperty("user_id").GetInt32());
        Assert.Equal(s.Member.MemberNumber, voucher.GetProperty("user_entity_card").GetProperty("code").GetString());
        Assert.Equal(3000L, await BalanceAsync(s));

        var ledger = await privileged.GetAsync("/user-wallet-ledger", ("user_id", Id(s.Member.Id)), ("type", "wallet"));
        var newest = ledger.Results.GetProperty("ledger")[0];
        Assert.Equal(-20m, newest.GetProperty("amount").GetDecimal());
        Assert.Equal("voucherRedemption", newest.GetProperty("kind").GetString());
        Assert.Equal("wallet", newest.GetProperty("campaign_type").GetString());
    }

    [Trait("Category", "Slow")]
    [Theory, AllEngines]
    public async Task Wallet_vouchers_need_the_balance_a_positive_amount_and_a_redeemable_wallet(string engine)
    {
        var app = TesseraApp.Shared(engine);
        var s = await WalletWithBalanceAsync(app);
        using var privileged = s.Chain.PrivilegedClient();
        (await privileged.PostAsync("/create-voucher", ("campaign_id", Id(s.Wallet)), ("user_id", Id(s.Member.Id)), ("voucher_amount", "50.01"))).AssertError(ErrorCodes.VoucherAmountInvalid);
        (await privileged.PostAsync("/create-voucher", ("campaign_id", Id(s.Wallet)), ("user_id", Id(s.Member.Id)), ("voucher_amount", "-5"))).AssertError(ErrorCodes.VoucherAmountInvalid);
        (await privileged.PostAsync("/create-voucher", ("campaign_id", Id(s.Wallet)), ("user_id", Id(s.Member.Id)))).AssertError(ErrorCodes.HttpVarsMissing);
        Assert.Equal(5000L, await BalanceAsync(s));

        var locked = await WalletWithBalanceAsync(app, walletExtra: ""","is_redeemable":false""");
        using var other = locked.Chain.PrivilegedClient();
        (await other.PostAsync("/create-voucher", ("campaign_id", Id(locked.Wallet)), ("user_id", Id(locked.Member.Id)), ("voucher_amount", "5"))).AssertError(ErrorCodes.WalletNotRedeemable);
    }

    [Theory, AllEngines]
    public async Task Delete_existing_and_delete_voucher_return_the_value_to_the_wallet(string engine)
    {
        var s = await WalletWithBalanceAsync(TesseraApp.Shared(engine));
        using var privileged = s.Chain.PrivilegedClient();
        var first = await CreateAsync(privileged, s, ("voucher_amount", "10"));
        var second = await CreateAsync(privileged, s, ("voucher_amount", "15"), ("delete_existing", "true"));
        Assert.Equal(3500L, await BalanceAsync(s));
        (await privileged.PostAsync("/claim-voucher", ("voucher_key", first.GetProperty("voucher_key").GetString()!))).AssertError(ErrorCodes.VoucherNotFound);

        (await privileged.DeleteAsync("/delete-voucher", ("voucher_id", Id(second.GetProperty("voucher_id").GetInt64())))).AssertOk("delete-voucher");
        Assert.Equal(5000L, await BalanceAsync(s));
        var sum = await s.Chain.App.WithDbAsync(db => db.LedgerEntries.Where(e => e.UserId == s.Member.Id && e.WalletCampaignId == s.Wallet).SumAsync(e => e.AmountCents));
        Assert.Equal(5000L, sum);
    }

    [Theory, AllEngines]
    public async Task Claim_unclaim_and_expire_follow_the_life_cycle(string engine)
    {
        await using var app = new TesseraApp(engine, new TestClock());
        var s = await WalletWithBalanceAsync(app);
        using var member = await s.Chain.LoginAsync(s.Member.Username, "member-secret", withApp: true);
        var key = (await CreateAsync(member, s, ("voucher_amount", "5"))).GetProperty("voucher_key").GetString()!;

        (await member.PostAsync("/expire-voucher", ("voucher_key", key))).AssertError(ErrorCodes.InvalidVoucherStatus);
        (await member.PostAsync("/unclaim-voucher", ("voucher_key", key))).AssertError(ErrorCodes.InvalidVoucherStatus);
        var claimed = await member.PostAsync("/claim-voucher", ("voucher_key", key));
        claimed.AssertOk("claim-voucher");
        Assert.Equal("claimed", claimed.Results.GetProperty("voucher_status").GetString());
        Assert.False(claimed.Results.GetProperty("voucher_locked").GetBoolean());
        (await member.PostAsync("/claim-voucher", ("voucher_key", key))).AssertError(ErrorCodes.VoucherStatusClaimed);
        Assert.Equal("generated", (await member.PutAsync("/unclaim-voucher", ("voucher_key", key))).Results.GetProperty("voucher_status").GetString());
        (await member.PostAsync("/claim-voucher", ("voucher_key", key))).AssertOk("claim-voucher");

        var expired = await member.PutAsync("/expire-voucher", ("voucher_key", key));
        expired.AssertOk("expire-voucher");
        Assert.Equal(0, expired.Results.GetProperty("voucher_expiry_seconds_remaining").GetInt64());
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        (await member.PostAsync("/unclaim-voucher", ("voucher_key", key))).AssertError(ErrorCodes.VoucherExpired);
        (await member.PutAsync("/lock-voucher", ("voucher_key", key))).AssertError(ErrorCodes.VoucherExpired);
        (await member.DeleteAsync("/delete-voucher", ("voucher_key", key))).AssertOk("delete-voucher");
    }

    [Theory, AllEngines]
    public async Task A_locked_voucher_resists_its_member_but_not_admins_and_the_lock_runs_out(string engine)
    {
        await using var app = new TesseraApp(engine, new TestClock());
        var s = await WalletWithBalanceAsync(app);
        using var privileged = s.Chain.PrivilegedClient();
        var key = (await CreateAsync(privileged, s, ("voucher_amount", "5"), ("set_claimed", "true"))).GetProperty("voucher_key").GetString()!;
        var locked = await privileged.PutAsync("/lock-voucher", ("voucher_key", key), ("voucher_locking_code", "till-7"), ("voucher_lock_period", "120"));
        locked.AssertOk("lock-voucher");
        Assert.True(locked.Results.GetProperty("voucher_locked").GetBoolean());
        Assert.Equal("till-7", locked.Results.GetProperty("voucher_locking_code").GetString());
        (await privileged.PutAsync("/lock-voucher", ("voucher_key", key), ("voucher_lock_period", "119"))).AssertError(ErrorCodes.ParameterInvalid);

        using var member = await s.Chain.LoginAsync(s.Member.Username, "member-secret", withApp: true);
        (await member.PutAsync("/unclaim-voucher", ("voucher_key", key))).AssertError(ErrorCodes.VoucherUpdateOngoing);
        (await member.DeleteAsync("/delete-voucher", ("voucher_key", key))).AssertError(ErrorCodes.VoucherLocked);
        (await member.PutAsync("/unlock-voucher", ("voucher_key", key))).AssertError(ErrorCodes.AccessDenied);

        app.Clock.Advance(TimeSpan.FromSeconds(121));
        (await member.PutAsync("/unclaim-voucher", ("voucher_key", key))).AssertOk("unclaim-voucher");
        await member.PostAsync("/claim-voucher", ("voucher_key", key));
        (await privileged.PutAsync("/lock-voucher", ("voucher_key", key))).AssertOk("lock-voucher");
        var unlocked = await privileged.PostAsync("/unlock-voucher", ("voucher_key", key));
        unlocked.AssertOk("unlock-voucher");
        Assert.False(unlocked.Results.GetProperty("voucher_locked").GetBoolean());
        (await member.DeleteAsync("/delete-voucher", ("voucher_key", key))).AssertOk("delete-voucher");
    }

    [Theory, AllEngines]
    public async Task A_redeemed_voucher_never_changes(string engine)
    {
        var s = await WalletWithBalanceAsync(TesseraApp.Shared(engine));
        using var privileged = s.Chain.PrivilegedClient();
        var created = await CreateAsync(privileged, s, ("voucher_amount", "5"), ("set_claimed", "true"));
        var id = created.GetProperty("voucher_id").GetInt64();
        // Redemption belongs to add-basket (baskets feature); the state is set directly here.
        await s.Chain.App.WithDbAsync(db => db.Vouchers.Where(v => v.Id == id).ExecuteUpdateAsync(x => x.SetProperty(v => v.Status, "redeemed")));
        foreach (var (method, path) in new[] { ("POST", "/claim-voucher"), ("PUT", "/unclaim-voucher"), ("PUT", "/lock-voucher"), ("PUT", "/unlock-voucher"), ("PUT", "/expire-voucher"), ("DELETE", "/delete-voucher") })
        {
            var response = await privileged.SendAsync(new HttpMethod(method), path, [("voucher_id", Id(id))]);
            response.AssertError(ErrorCodes.VoucherStatusRedeemed);
        }
    }

    [Trait("Category", "Slow")]
    [Theory, AllEngines]
    public async Task Fifty_parallel_claims_of_one_voucher_succeed_exactly_once(string engine)
    {
        var s = await WalletWithBalanceAsync(TesseraApp.Shared(engine));
        using var privileged = s.Chain.PrivilegedClient();
        var key = (await CreateAsync(privileged, s, ("voucher_amount", "5"))).GetProperty("voucher_key").GetString()!;
        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
        {
            using var client = s.Chain.PrivilegedClient();
            return await client.PostAsync("/claim-voucher", ("voucher_key", key));
        }));
        Assert.Single(responses, r => r.Status == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.Status != HttpStatusCode.OK), r => r.AssertError(ErrorCodes.VoucherStatusClaimed));
    }

    [Trait("Category", "Slow")]
    [Theory, AllEngines]
    public async Task Parallel_deletes_of_a_wallet_voucher_return_its_value_once(string engine)
    {
        var s = await WalletWithBalanceAsync(TesseraApp.Shared(engine));
        using var privileged = s.Chain.PrivilegedClient();
        var key = (await CreateAsync(privileged, s, ("voucher_amount", "20"))).GetProperty("voucher_key").GetString()!;
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            using var client = s.Chain.PrivilegedClient();
            return await client.DeleteAsync("/delete-voucher", ("voucher_key", key));
        }));
        Assert.Single(responses, r => r.Status == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.Status != HttpStatusCode.OK), r => r.AssertError(ErrorCodes.VoucherNotFound));
        Assert.Equal(5000L, await BalanceAsync(s));
    }

    [Theory, AllEngines]
    public async Task Percentage_honour_and_loyalty_vouchers_follow_their_rules(string engine)
    {
        var s = await WalletWithBalanceAsync(TesseraApp.Shared(engine));
        using var admin = await s.Chain.AdminClientAsync();
        var loyalty = (await CampaignTests.AddCampaignAsync(admin, s.Chain.ChainId, """{"type":"loyalty","title":"Loyalty","voucher_text":"Your loyalty voucher"}""")).GetProperty("id").GetInt32();
        (string, string)[] Who(int campaign) => [("chain_id", Id(s.Chain.ChainId)), ("user_id", Id(s.Member.Id)), ("campaign_id", Id(campaign))];

        var pct = await admin.PostAsync("/create-voucher", [.. Who(loyalty), ("voucher_type", "basket_pct"), ("voucher_discount_ratio", "0.25")]);
        pct.AssertOk("create-voucher");
        Assert.Equal(0.25m, pct.Results.GetProperty("voucher_discount_ratio").GetDecimal());
        Assert.Equal("basket_pct", pct.Results.GetProperty("voucher_type").GetString());
        (await admin.PostAsync("/create-voucher", [.. Who(loyalty), ("voucher_type", "basket_pct"), ("voucher_discount_ratio", "1.5")])).AssertError(ErrorCodes.VoucherDiscountRatioInvalid);
        (await admin.PostAsync("/create-voucher", [.. Who(loyalty), ("voucher_type", "basket_pct"), ("voucher_discount_ratio", "0.1234")])).AssertError(ErrorCodes.ParameterInvalid);
        (await admin.PostAsync("/create-voucher", [.. Who(loyalty), ("voucher_type", "basket_pct"), ("voucher_discount_ratio", "0.1"), ("voucher_amount", "5")])).AssertError(ErrorCodes.ParameterCombinationNotAllowed);
        (await admin.PostAsync("/create-voucher", [.. Who(loyalty), ("voucher_type", "honour")])).AssertError(ErrorCodes.HttpVarsMissing);
        (await admin.PostAsync("/create-voucher", [.. Who(loyalty), ("voucher_type", "honour"), ("voucher_honour_code", "HON00421")])).AssertOk("create-voucher");
        (await admin.PostAsync("/create-voucher", [.. Who(loyalty), ("voucher_type", "gift")])).AssertError(ErrorCodes.ParameterNotInWhitelist);
        (await admin.PostAsync("/create-voucher", [.. Who(s.Wallet), ("voucher_type", "honour"), ("voucher_honour_code", "x")])).AssertError(ErrorCodes.ParameterCombinationNotAllowed);
        (await admin.PostAsync("/create-voucher", [.. Who(loyalty), ("voucher_amount", "5"), ("expiry_date", "01-01-2050")])).AssertError(ErrorCodes.ParameterInvalid);
        var basket = await admin.PostAsync("/create-voucher", [.. Who(loyalty), ("voucher_amount", "5"), ("expiry_date", "2050-01-01 12:30:00")]);
        Assert.Equal("2050-01-01 12:30:00", basket.Results.GetProperty("voucher_expiry_datetime_utc").GetString());
        Assert.Equal("Your loyalty voucher", basket.Results.GetProperty("voucher_text").GetString());
        Assert.Equal(5000L, await BalanceAsync(s));
    }

    [Theory, AllEngines]
    public async Task Nobody_touches_a_voucher_of_another_member_or_chain(string engine)
    {
        var app = TesseraApp.Shared(engine);
        var s = await WalletWithBalanceAsync(app);
        var other = await WalletWithBalanceAsync(app);
        using var privileged = s.Chain.PrivilegedClient();
        var key = (await CreateAsync(privileged, s, ("voucher_amount", "5"))).GetProperty("voucher_key").GetString()!;

        using var otherPrivileged = other.Chain.PrivilegedClient();
        (await otherPrivileged.PostAsync("/claim-voucher", ("voucher_key", key))).AssertError(ErrorCodes.VoucherNotFound);
        using var wrongApp = s.Chain.PrivilegedClient(withApp: false).App(other.Chain.Hostname);
        (await wrongApp.PostAsync("/claim-voucher", ("voucher_key", key))).AssertError(ErrorCodes.InvalidMyPriceApp);
        using var noApp = s.Chain.PrivilegedClient(withApp: false);
        (await noApp.PutAsync("/lock-voucher", ("voucher_key", key))).AssertOk("lock-voucher");
        (await noApp.PutAsync("/unlock-voucher", ("voucher_key", key))).AssertOk("unlock-voucher");
        using var otherAdmin = await other.Chain.AdminClientAsync();
        (await otherAdmin.DeleteAsync("/delete-voucher", ("voucher_key", key))).AssertError(ErrorCodes.VoucherNotFound);
        var sameChainMember = await s.Chain.AddMemberAsync();
        using var stranger = await s.Chain.LoginAsync(sameChainMember.Username, "member-secret", withApp: true);
        (await stranger.PostAsync("/claim-voucher", ("voucher_key", key))).AssertError(ErrorCodes.VoucherNotFound);
        (await privileged.PostAsync("/claim-voucher", ("voucher_key", key), ("user_id", Id(sameChainMember.Id)))).AssertError(ErrorCodes.VoucherNotFound);
        (await otherPrivileged.PostAsync("/create-voucher", ("campaign_id", Id(s.Wallet)), ("user_id", Id(other.Member.Id)), ("voucher_amount", "1"))).AssertError(ErrorCodes.CampaignNotFound);
        (await privileged.PostAsync("/claim-voucher", ("voucher_key", key))).AssertOk("claim-voucher");
    }
}
