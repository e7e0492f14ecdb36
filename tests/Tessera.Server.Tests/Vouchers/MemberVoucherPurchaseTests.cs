using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Tessera.Server.Protocol;
using Tessera.Server.Tests.Campaigns;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Vouchers;

/// <summary>
/// Attacks on create-voucher by a member's own session: a loyalty voucher is money at the till, so a member pays for it
/// with the programme's points at the rate of its createBasketVoucher rule (5.00 per 100 points here), or gets none.
/// </summary>
public sealed class MemberVoucherPurchaseTests
{
    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private sealed record Programme(TestChain Chain, int Points, int Loyalty, Tessera.Server.Data.Entities.User Member);

    /// <summary>
    /// A points wallet that lets other postings go below zero (so only the voucher rule keeps it at zero or above), and a
    /// loyalty campaign whose rule gives 5.00 per 100 points from it; the member holds <paramref name="points"/> points.
    /// </summary>
    private static async Task<Programme> ProgrammeAsync(TesseraApp app, string points, string rules = """
        [{"title":"5.00 per 100 points","type":"points_tracker","action":"createBasketVoucher","direction":"up","points_threshold":100.00,"action_amount":5.00,"action_is_repeatable":false,"operand_campaign_id":POINTS}]
        """)
    {
        var chain = await app.BootstrapAsync();
        using var admin = await chain.AdminClientAsync();
        var wallet = (await CampaignTests.AddCampaignAsync(admin, chain.ChainId, """{"type":"points_wallet","title":"Points","balance_can_subzero":true}""")).GetProperty("id").GetInt32();
        var loyalty = (await CampaignTests.AddCampaignAsync(admin, chain.ChainId,
            $$"""{"type":"loyalty","title":"Loyalty","voucher_text":"Your loyalty voucher","loyalty_rules":{{rules.Trim().Replace("POINTS", Id(wallet), StringComparison.Ordinal)}}}""")).GetProperty("id").GetInt32();
        var member = await chain.AddMemberAsync();
        if (points != "0")
        {
            using var privileged = chain.PrivilegedClient();
            (await privileged.PostAsync("/auth/add-user-purchase-progress", ("user_id", Id(member.Id)), ("campaign_id", Id(wallet)), ("amount", points), ("log_message", "earned")))
                .AssertOk("add-user-purchase-progress");
        }
        return new Programme(chain, wallet, loyalty, member);
    }

    private static Task<long> PointsAsync(Programme s) =>
        s.Chain.App.WithDbAsync(db => db.MemberWallets.Where(w => w.UserId == s.Member.Id && w.CampaignId == s.Points).Select(w => w.BalanceCents).FirstOrDefaultAsync());

    private static Task<long> LedgerSumAsync(Programme s) =>
        s.Chain.App.WithDbAsync(db => db.LedgerEntries.Where(e => e.UserId == s.Member.Id && e.WalletCampaignId == s.Points).SumAsync(e => e.AmountCents));

    /// <summary>The vouchers the member created itself (rewards the programme grants are created by nobody).</summary>
    private static Task<List<long>> BoughtAsync(Programme s) =>
        s.Chain.App.WithDbAsync(db => db.Vouchers.Where(v => v.UserId == s.Member.Id && v.CreatingUserId == s.Member.Id).Select(v => v.AmountOriginalCents ?? 0).ToListAsync());

    private static Task<SpaazaClient> MemberAsync(Programme s) => s.Chain.LoginAsync(s.Member.Username, "member-secret", withApp: true);

    [Theory, AllEngines]
    public async Task A_member_without_enough_points_mints_no_loyalty_voucher(string engine)
    {
        var app = TesseraApp.Shared(engine);
        var none = await ProgrammeAsync(app, "0");
        using (var member = await MemberAsync(none))
        {
            (await member.PostAsync("/create-voucher", ("campaign_id", Id(none.Loyalty)), ("voucher_amount", "5"), ("set_claimed", "true"))).AssertError(ErrorCodes.VoucherAmountInvalid);
            (await member.PostAsync("/create-voucher", ("campaign_id", Id(none.Loyalty)), ("voucher_amount", "0.01"))).AssertError(ErrorCodes.VoucherAmountInvalid);
        }
        Assert.Empty(await BoughtAsync(none));
        Assert.Equal(0L, await PointsAsync(none));
        Assert.Equal(0L, await LedgerSumAsync(none));

        // 99.99 points: a 5.00 voucher costs 100.
        var few = await ProgrammeAsync(app, "99.99");
        using (var member = await MemberAsync(few))
        {
            (await member.PostAsync("/create-voucher", ("campaign_id", Id(few.Loyalty)), ("voucher_amount", "5"), ("set_claimed", "true"))).AssertError(ErrorCodes.VoucherAmountInvalid);
        }
        Assert.Empty(await BoughtAsync(few));
        Assert.Equal(9999L, await PointsAsync(few));
        Assert.Equal(9999L, await LedgerSumAsync(few));
    }

    [Theory, AllEngines]
    public async Task A_member_buys_a_loyalty_voucher_with_points_at_the_rule_s_rate(string engine)
    {
        var s = await ProgrammeAsync(TesseraApp.Shared(engine), "150");
        using var member = await MemberAsync(s);

        var voucher = await member.PostAsync("/create-voucher", ("campaign_id", Id(s.Loyalty)), ("voucher_amount", "5"), ("set_claimed", "true"));
        voucher.AssertOk("create-voucher");
        Assert.Equal(5m, voucher.Results.GetProperty("voucher_amount").GetDecimal());
        Assert.Equal("claimed", voucher.Results.GetProperty("voucher_status").GetString());
        Assert.Equal(s.Loyalty, voucher.Results.GetProperty("campaign_id").GetInt32());
        Assert.Equal(5000L, await PointsAsync(s));

        // 0.01 costs 0.2 points; 0.03 costs 0.6.
        (await member.PostAsync("/create-voucher", ("campaign_id", Id(s.Loyalty)), ("voucher_amount", "0.01"))).AssertOk("create-voucher");
        (await member.PostAsync("/create-voucher", ("campaign_id", Id(s.Loyalty)), ("voucher_amount", "0.03"))).AssertOk("create-voucher");
        Assert.Equal(5000L - 20 - 60, await PointsAsync(s));
        Assert.Equal(await PointsAsync(s), await LedgerSumAsync(s));
        Assert.Equal([1L, 3L, 500L], (await BoughtAsync(s)).Order());

        var ledger = await member.GetAsync("/user-wallet-ledger", ("type", "points"));
        ledger.AssertOk("user-wallet-ledger");
        Assert.Contains(ledger.Results.GetProperty("ledger").EnumerateArray(), e => e.GetProperty("amount").GetDecimal() == -100m);
    }

    [Theory, AllEngines]
    public async Task A_rate_that_is_not_whole_rounds_the_cost_up(string engine)
    {
        var s = await ProgrammeAsync(TesseraApp.Shared(engine), "10", """
            [{"title":"3.00 per 100 points","type":"points_tracker","action":"createBasketVoucher","points_threshold":100,"action_amount":3,"operand_campaign_id":POINTS}]
            """);
        using var member = await MemberAsync(s);

        (await member.PostAsync("/create-voucher", ("campaign_id", Id(s.Loyalty)), ("voucher_amount", "0.01"))).AssertOk("create-voucher");

        Assert.Equal(1000L - 34, await PointsAsync(s));
    }

    [Theory, AllEngines]
    public async Task Without_a_points_rate_only_admins_and_privileged_clients_issue_loyalty_vouchers(string engine)
    {
        var s = await ProgrammeAsync(TesseraApp.Shared(engine), "500", """
            [{"title":"No amount","type":"points_tracker","action":"createBasketVoucher","points_threshold":100,"operand_campaign_id":POINTS}]
            """);
        using (var member = await MemberAsync(s))
        {
            (await member.PostAsync("/create-voucher", ("campaign_id", Id(s.Loyalty)), ("voucher_amount", "5"), ("set_claimed", "true"))).AssertError(ErrorCodes.AccessDenied);
        }
        Assert.Empty(await BoughtAsync(s));
        Assert.Equal(50000L, await PointsAsync(s));

        using var privileged = s.Chain.PrivilegedClient();
        (await privileged.PostAsync("/create-voucher", ("campaign_id", Id(s.Loyalty)), ("user_id", Id(s.Member.Id)), ("voucher_amount", "5"))).AssertOk("create-voucher");
        Assert.Equal(50000L, await PointsAsync(s));
    }

    [Theory, AllEngines]
    public async Task A_member_may_not_send_the_admin_only_parameters(string engine)
    {
        var s = await ProgrammeAsync(TesseraApp.Shared(engine), "500");
        using var member = await MemberAsync(s);

        foreach (var (name, value) in new[] { ("expiry_date", "2099-01-01"), ("voucher_title", "Free money"), ("retailer_basket_code", "B1"), ("voucher_lock_period", "300"), ("voucher_honour_code", "H1") })
        {
            (await member.PostAsync("/create-voucher", ("campaign_id", Id(s.Loyalty)), ("voucher_amount", "5"), (name, value))).AssertError(ErrorCodes.AccessDenied);
        }
        (await member.PostAsync("/create-voucher", ("campaign_id", Id(s.Loyalty)), ("voucher_type", "basket_pct"), ("voucher_discount_ratio", "1"))).AssertError(ErrorCodes.AccessDenied);

        Assert.Empty(await BoughtAsync(s));
        Assert.Equal(50000L, await PointsAsync(s));
    }

    [Trait("Category", "Slow")]
    [Theory, AllEngines]
    public async Task Parallel_purchases_never_take_the_points_below_zero(string engine)
    {
        // 250 points buy exactly twelve 1.00 vouchers (20 points each), with 10 points left.
        var s = await ProgrammeAsync(TesseraApp.Shared(engine), "250");
        // One session (a new login ends the member's earlier one), thirty requests at once.
        using var member = await MemberAsync(s);
        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ =>
            member.PostAsync("/create-voucher", ("campaign_id", Id(s.Loyalty)), ("voucher_amount", "1"), ("set_claimed", "true"))));

        Assert.Equal(12, responses.Count(r => r.Status == HttpStatusCode.OK));
        Assert.All(responses.Where(r => r.Status != HttpStatusCode.OK), r => r.AssertError(ErrorCodes.VoucherAmountInvalid));
        var bought = await BoughtAsync(s);
        Assert.Equal(12, bought.Count);
        Assert.All(bought, cents => Assert.Equal(100L, cents));
        Assert.Equal(25000L - (bought.Count * 2000L), await PointsAsync(s));
        Assert.Equal(1000L, await PointsAsync(s));
        Assert.Equal(await PointsAsync(s), await LedgerSumAsync(s));
    }
}
