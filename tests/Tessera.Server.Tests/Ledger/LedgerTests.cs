using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tessera.Server.Protocol;
using Tessera.Server.Tests.Campaigns;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Ledger;

public sealed class LedgerTests
{
    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static async Task<int> WalletAsync(TestChain chain, string extra = "", string type = "wallet")
    {
        using var admin = await chain.AdminClientAsync();
        var campaign = await CampaignTests.AddCampaignAsync(admin, chain.ChainId, $$"""{"type":"{{type}}","title":"Money Wallet"{{extra}}}""");
        return campaign.GetProperty("id").GetInt32();
    }

    private static Task<SpaazaResponse> AdjustAsync(SpaazaClient client, int userId, int campaignId, string amount, string message = "Adding a value") =>
        client.PostAsync("/auth/add-user-purchase-progress", ("user_id", Id(userId)), ("campaign_id", Id(campaignId)), ("amount", amount), ("log_message", message));

    private static async Task<(long Balance, long Sum, int Entries)> BalanceAsync(TesseraApp app, int userId, int walletId) =>
        await app.WithDbAsync(async db => (
            await db.MemberWallets.Where(w => w.UserId == userId && w.CampaignId == walletId).Select(w => w.BalanceCents).SingleOrDefaultAsync(),
            await db.LedgerEntries.Where(e => e.UserId == userId && e.WalletCampaignId == walletId).SumAsync(e => (long?)e.AmountCents) ?? 0,
            await db.LedgerEntries.CountAsync(e => e.UserId == userId && e.WalletCampaignId == walletId)));

    [Theory, AllEngines]
    public async Task Seed_000_adds_wallet_value_and_answers_the_samples_shape(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var wallet = await WalletAsync(chain);
        var member = await chain.AddMemberAsync();
        using var admin = await chain.AdminClientAsync();

        var response = await AdjustAsync(admin, member.Id, wallet, "5.25", "Adding a value");

        response.AssertOk("add-user-purchase-progress");
        var results = response.Results;
        Assert.Equal("post", results.GetProperty("result_method").GetString());
        Assert.Equal(chain.AdminUsername, results.GetProperty("username").GetString());
        var sent = results.GetProperty("params");
        Assert.Equal(Id(member.Id), sent.GetProperty("user_id").GetString());
        Assert.Equal(Id(wallet), sent.GetProperty("campaign_id").GetString());
        Assert.Equal("5.25", sent.GetProperty("amount").GetString());
        Assert.Equal("Adding a value", sent.GetProperty("log_message").GetString());
        var progress = results.GetProperty("user_purchase_progress");
        Assert.True(progress.GetProperty("id").GetInt32() > 0);
        Assert.Equal(member.Id, progress.GetProperty("user_id").GetInt32());
        Assert.Equal(2, progress.GetProperty("currency_id").GetInt32());
        Assert.Equal("5.25", progress.GetProperty("amount").GetString());
        Assert.Equal("Manual", progress.GetProperty("progress_type").GetString());
        Assert.Equal("Adding a value", progress.GetProperty("log_message").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$", progress.GetProperty("created_date").GetString());
        Assert.Equal(chain.Result.AdminUserId, progress.GetProperty("mutation_owner_id").GetInt32());
        Assert.Equal((525L, 525L, 1), await BalanceAsync(chain.App, member.Id, wallet));
    }

    [Theory, AllEngines]
    public async Task The_member_is_found_by_any_of_its_identifiers(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var wallet = await WalletAsync(chain);
        var member = await chain.AddMemberAsync(memberNumber: "led-" + Guid.NewGuid().ToString("N")[..8]);
        using var client = chain.PrivilegedClient();
        await client.PutAsync("/internal/alter-user", ("user_id", Id(member.Id)), ("authentication_point_identifier", "api-" + member.Id));
        foreach (var identifier in new (string, string)[] { ("username", member.Username), ("member_number", member.MemberNumber!), ("authentication_point_identifier", "api-" + member.Id) })
        {
            (await client.PostAsync("/auth/add-user-purchase-progress", identifier, ("campaign_id", Id(wallet)), ("amount", "1"), ("log_message", "x"))).AssertOk("add-user-purchase-progress");
        }
        Assert.Equal(300L, (await BalanceAsync(chain.App, member.Id, wallet)).Balance);
        var privileged = await client.PostAsync("/auth/add-user-purchase-progress", ("user_id", Id(member.Id)), ("campaign_id", Id(wallet)), ("amount", "1"), ("log_message", "x"));
        Assert.Equal("", privileged.Results.GetProperty("username").GetString());
        Assert.Equal(JsonValueKind.Null, privileged.Results.GetProperty("user_purchase_progress").GetProperty("mutation_owner_id").ValueKind);
    }

    [Theory]
    [InlineData(null, "x", 301)]
    [InlineData("5.255", "x", 300)]
    [InlineData("5,25", "x", 300)]
    [InlineData("five", "x", 300)]
    [InlineData("0", "x", 324)]
    [InlineData("5", null, 302)]
    public async Task Amounts_and_log_messages_are_validated(string? amount, string? message, int code)
    {
        var chain = await TesseraApp.Shared(Engines.Sqlite).BootstrapAsync();
        var wallet = await WalletAsync(chain);
        var member = await chain.AddMemberAsync();
        using var admin = await chain.AdminClientAsync();
        var parameters = new List<(string, string)> { ("user_id", Id(member.Id)), ("campaign_id", Id(wallet)) };
        if (amount is not null)
        {
            parameters.Add(("amount", amount));
        }
        if (message is not null)
        {
            parameters.Add(("log_message", message));
        }
        (await admin.PostAsync("/auth/add-user-purchase-progress", [.. parameters])).AssertError(ErrorCodes.Find(code)!);
        Assert.Equal(0, (await BalanceAsync(chain.App, member.Id, wallet)).Entries);
    }

    [Theory, AllEngines]
    public async Task Campaign_and_member_must_exist_and_the_campaign_must_be_an_active_wallet(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var wallet = await WalletAsync(chain);
        var member = await chain.AddMemberAsync();
        using var admin = await chain.AdminClientAsync();
        var cashback = (await CampaignTests.AddCampaignAsync(admin, chain.ChainId, """{"type":"cashback","title":"Earn","earn_percentage":5}""")).GetProperty("id").GetInt32();
        (await AdjustAsync(admin, member.Id, cashback, "1")).AssertError(ErrorCodes.CampaignNotFound);
        (await AdjustAsync(admin, member.Id, 987654, "1")).AssertError(ErrorCodes.CampaignNotFound);
        (await AdjustAsync(admin, 987654, wallet, "1")).AssertError(ErrorCodes.UserNotFound);
        (await admin.PostAsync("/auth/add-user-purchase-progress", ("campaign_id", Id(wallet)), ("amount", "1"), ("log_message", "x"))).AssertError(ErrorCodes.HttpVarsMissing);
        (await admin.PostAsync("/auth/add-user-purchase-progress", ("user_id", Id(member.Id)), ("amount", "1"), ("log_message", "x"))).AssertError(ErrorCodes.HttpVarsMissing);
        await admin.DeleteAsync("/internal/delete-campaign", ("campaign_id", Id(wallet)));
        (await AdjustAsync(admin, member.Id, wallet, "1")).AssertError(ErrorCodes.CampaignNotActive);
    }

    [Theory, AllEngines]
    public async Task A_subtraction_below_zero_is_313_unless_the_wallet_allows_it(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var strict = await WalletAsync(chain);
        var lenient = await WalletAsync(chain, ""","balance_can_subzero":true""");
        var member = await chain.AddMemberAsync();
        using var admin = await chain.AdminClientAsync();
        (await AdjustAsync(admin, member.Id, strict, "10")).AssertOk("add-user-purchase-progress");
        (await AdjustAsync(admin, member.Id, strict, "-10.01")).AssertError(ErrorCodes.InsufficientBalance);
        (await AdjustAsync(admin, member.Id, strict, "-10")).AssertOk("add-user-purchase-progress");
        (await AdjustAsync(admin, member.Id, lenient, "-7.5")).AssertOk("add-user-purchase-progress");
        Assert.Equal((0L, 0L, 2), await BalanceAsync(chain.App, member.Id, strict));
        Assert.Equal((-750L, -750L, 1), await BalanceAsync(chain.App, member.Id, lenient));
    }

    [Trait("Category", "Slow")]
    [Theory, AllEngines]
    public async Task Fifty_concurrent_debits_never_take_a_strict_balance_below_zero(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var wallet = await WalletAsync(chain);
        var member = await chain.AddMemberAsync();
        using (var admin = await chain.AdminClientAsync())
        {
            (await AdjustAsync(admin, member.Id, wallet, "100.00")).AssertOk("add-user-purchase-progress");
        }

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
        {
            using var client = chain.PrivilegedClient();
            return await AdjustAsync(client, member.Id, wallet, "-10.00", $"debit {i}");
        }));

        Assert.Equal(10, responses.Count(r => r.Status == HttpStatusCode.OK));
        Assert.All(responses.Where(r => r.Status != HttpStatusCode.OK), r => r.AssertError(ErrorCodes.InsufficientBalance));
        var (balance, sum, entries) = await BalanceAsync(chain.App, member.Id, wallet);
        Assert.Equal(0L, balance);
        Assert.Equal(balance, sum);
        Assert.Equal(11, entries);
    }

    [Trait("Category", "Slow")]
    [Theory, AllEngines]
    public async Task Concurrent_credits_and_debits_keep_the_balance_equal_to_the_sum_of_entries(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var wallet = await WalletAsync(chain, ""","balance_can_subzero":true""");
        var member = await chain.AddMemberAsync();
        var amounts = Enumerable.Range(0, 40).Select(i => i % 2 == 0 ? "3.33" : "-1.11").ToList();
        var responses = await Task.WhenAll(amounts.Select(async amount =>
        {
            using var client = chain.PrivilegedClient();
            return await AdjustAsync(client, member.Id, wallet, amount);
        }));
        Assert.All(responses, r => r.AssertOk("add-user-purchase-progress"));
        Assert.Equal((20 * 333L - 20 * 111L, 20 * 333L - 20 * 111L, 40), await BalanceAsync(chain.App, member.Id, wallet));
    }

    [Trait("Category", "Slow")]
    [Theory, AllEngines]
    public async Task Admins_are_limited_to_the_daily_maximum_per_member_and_super_users_are_not(string engine)
    {
        await using var app = new TesseraApp(engine, new TestClock(new DateTimeOffset(2026, 5, 4, 10, 0, 0, TimeSpan.Zero)));
        var chain = await app.BootstrapAsync();
        var limited = await WalletAsync(chain, ""","max_manual_daily_amount":200.00""");
        var unlimited = await WalletAsync(chain);
        var member = await chain.AddMemberAsync();
        var (staff, password) = await chain.AddAdminAsync(read: true, write: true);
        using var clerk = await chain.LoginAsync(staff.Username, password, withApp: false);

        (await AdjustAsync(clerk, member.Id, unlimited, "1")).AssertError(ErrorCodes.MaxManualDailyAmountNotPresent);
        (await AdjustAsync(clerk, member.Id, limited, "150")).AssertOk("add-user-purchase-progress");
        (await AdjustAsync(clerk, member.Id, limited, "50.01")).AssertError(ErrorCodes.AmountAboveDailyUserMax);
        (await AdjustAsync(clerk, member.Id, limited, "-20")).AssertOk("add-user-purchase-progress");
        (await AdjustAsync(clerk, member.Id, limited, "50")).AssertOk("add-user-purchase-progress");

        using var superUser = await chain.AdminClientAsync();
        (await AdjustAsync(superUser, member.Id, limited, "1000")).AssertOk("add-user-purchase-progress");
        (await AdjustAsync(superUser, member.Id, unlimited, "1000")).AssertOk("add-user-purchase-progress");
        using var privileged = chain.PrivilegedClient();
        (await AdjustAsync(privileged, member.Id, limited, "1000")).AssertOk("add-user-purchase-progress");

        app.Clock.Advance(TimeSpan.FromDays(1));
        (await AdjustAsync(clerk, member.Id, limited, "200")).AssertOk("add-user-purchase-progress");
    }

    [Theory, AllEngines]
    public async Task Nobody_adjusts_a_wallet_of_another_chain(string engine)
    {
        var app = TesseraApp.Shared(engine);
        var a = await app.BootstrapAsync();
        var b = await app.BootstrapAsync();
        var walletOfB = await WalletAsync(b);
        var walletOfA = await WalletAsync(a);
        var memberOfB = await b.AddMemberAsync();
        using var adminA = await a.AdminClientAsync();
        using var privilegedA = a.PrivilegedClient();
        (await AdjustAsync(adminA, memberOfB.Id, walletOfB, "5")).AssertError(ErrorCodes.CampaignNotFound);
        (await AdjustAsync(privilegedA, memberOfB.Id, walletOfB, "5")).AssertError(ErrorCodes.CampaignNotFound);
        (await AdjustAsync(adminA, memberOfB.Id, walletOfA, "5")).AssertError(ErrorCodes.UserNotFound);
        Assert.Equal(0, (await BalanceAsync(app, memberOfB.Id, walletOfB)).Entries);
    }

    // ---- user-wallet-ledger ----

    [Trait("Category", "Slow")]
    [Theory, AllEngines]
    public async Task The_wallet_ledger_lists_entries_newest_first_with_the_fields_of_the_sample(string engine)
    {
        await using var app = new TesseraApp(engine, new TestClock());
        var chain = await app.BootstrapAsync();
        var wallet = await WalletAsync(chain);
        var points = await WalletAsync(chain, type: "points_wallet");
        var member = await chain.AddMemberAsync();
        using var admin = await chain.AdminClientAsync();
        await AdjustAsync(admin, member.Id, wallet, "2.30", "Manual addition of wallet funds");
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await AdjustAsync(admin, member.Id, points, "750", "Welcome points");
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await AdjustAsync(admin, member.Id, wallet, "-1", "Correction");

        var all = await admin.GetAsync("/user-wallet-ledger", ("chain_id", Id(chain.ChainId)), ("user_id", Id(member.Id)));
        all.AssertOk("user-wallet-ledger");
        var ledger = all.Results.GetProperty("ledger").EnumerateArray().ToList();
        Assert.Equal([-1m, 750m, 2.3m], ledger.Select(e => e.GetProperty("amount").GetDecimal()));
        var first = ledger[2];
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$", first.GetProperty("date").GetString());
        Assert.Equal("€", first.GetProperty("currency_symbol").GetString());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("receipt_id").ValueKind);
        Assert.Equal(JsonValueKind.Null, first.GetProperty("retailer_basket_code").ValueKind);
        Assert.Equal("manual", first.GetProperty("campaign_type").GetString());
        Assert.Equal("Manual addition of wallet funds", first.GetProperty("campaign_title").GetString());
        Assert.Equal("manual", first.GetProperty("kind").GetString());
        Assert.Equal("pts", ledger[1].GetProperty("currency_symbol").GetString());

        var onlyWallet = await admin.GetAsync("/user-wallet-ledger", ("chain_id", Id(chain.ChainId)), ("user_id", Id(member.Id)), ("type", "wallet"));
        Assert.Equal([-1m, 2.3m], onlyWallet.Results.GetProperty("ledger").EnumerateArray().Select(e => e.GetProperty("amount").GetDecimal()));
        var onlyPoints = await admin.GetAsync("/user-wallet-ledger", ("chain_id", Id(chain.ChainId)), ("user_id", Id(member.Id)), ("type", "points"));
        Assert.Equal("points_wallet", onlyPoints.Results.GetProperty("type").GetString());
        Assert.Equal([750m], onlyPoints.Results.GetProperty("ledger").EnumerateArray().Select(e => e.GetProperty("amount").GetDecimal()));
        (await admin.GetAsync("/user-wallet-ledger", ("chain_id", Id(chain.ChainId)), ("user_id", Id(member.Id)), ("type", "coins"))).AssertError(ErrorCodes.ParameterNotInWhitelist);

        using var self = await chain.LoginAsync(member.Username, "member-secret", withApp: true);
        Assert.Equal(3, (await self.GetAsync("/user-wallet-ledger")).Results.GetProperty("ledger").GetArrayLength());
        using var privileged = chain.PrivilegedClient();
        Assert.Equal(3, (await privileged.GetAsync("/user-wallet-ledger", ("user_id", Id(member.Id)))).Results.GetProperty("ledger").GetArrayLength());
    }

    [Theory, AllEngines]
    public async Task The_wallet_ledger_needs_a_member_and_stays_within_the_chain(string engine)
    {
        var app = TesseraApp.Shared(engine);
        var a = await app.BootstrapAsync();
        var b = await app.BootstrapAsync();
        var memberOfB = await b.AddMemberAsync();
        using var adminA = await a.AdminClientAsync();
        (await adminA.GetAsync("/user-wallet-ledger", ("user_id", Id(memberOfB.Id)))).AssertError(ErrorCodes.ChainIdRequired);
        (await adminA.GetAsync("/user-wallet-ledger", ("chain_id", Id(b.ChainId)), ("user_id", Id(memberOfB.Id)))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
        (await adminA.GetAsync("/user-wallet-ledger", ("chain_id", Id(a.ChainId)), ("user_id", Id(memberOfB.Id)))).AssertError(ErrorCodes.UserNotFound);
        (await adminA.GetAsync("/user-wallet-ledger", ("chain_id", Id(a.ChainId)))).AssertError(ErrorCodes.HttpVarsMissing);
        using var privilegedA = a.PrivilegedClient();
        (await privilegedA.GetAsync("/user-wallet-ledger", ("user_id", Id(memberOfB.Id)))).AssertError(ErrorCodes.UserNotFound);
        using var anonymous = app.Client();
        (await anonymous.GetAsync("/user-wallet-ledger", ("user_id", Id(memberOfB.Id)))).AssertError(ErrorCodes.NoValidSession);
    }
}
