using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Server.Features.Campaigns;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Campaigns;

public sealed class LoyaltyTests
{
    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static async Task<(int Points, int Loyalty, Dictionary<string, int> Levels)> ProgrammeAsync(TestChain chain, string rulesExtra = "")
    {
        using var admin = await chain.AdminClientAsync();
        var points = (await CampaignTests.AddCampaignAsync(admin, chain.ChainId, """{"type":"points_wallet","title":"Points Wallet","balance_can_subzero":false}""")).GetProperty("id").GetInt32();
        var loyalty = await CampaignTests.AddCampaignAsync(admin, chain.ChainId, $$"""
            {"type":"loyalty","title":"Big Chain Loyalty","operand_campaign_id":{{points}},"review_cycle_months":12,
             "loyalty_levels":[{"name":"bronze","description":"Initial level in programme"},{"name":"silver","description":"Second level in programme"},{"name":"gold","description":"Top"}],
             "loyalty_rules":[
               {"title":"Join","type":"initial","action":"setLevel","level":"bronze"},
               {"title":"Silver","type":"points_tracker","action":"setLevel","direction":"up","points_threshold":250,"level":"silver"},
               {"title":"Gold","type":"points_tracker","action":"setLevel","direction":"up","points_threshold":1000,"level":"gold"}{{rulesExtra}}]}
            """);
        var levels = loyalty.GetProperty("loyalty_levels").EnumerateArray().ToDictionary(l => l.GetProperty("name").GetString()!, l => l.GetProperty("id").GetInt32());
        return (points, loyalty.GetProperty("id").GetInt32(), levels);
    }

    private static async Task<JsonElement> StatusAsync(TestChain chain, int userId)
    {
        using var privileged = chain.PrivilegedClient();
        var user = await privileged.GetAsync("/internal/get-user", ("user_id", Id(userId)));
        user.AssertOk("get-user");
        return user.Results.GetProperty("user_info").GetProperty("loyalty_status");
    }

    private static async Task AddPointsAsync(TestChain chain, int userId, int points, string amount)
    {
        using var privileged = chain.PrivilegedClient();
        (await privileged.PostAsync("/auth/add-user-purchase-progress", ("user_id", Id(userId)), ("campaign_id", Id(points)), ("amount", amount), ("log_message", "points")))
            .AssertOk("add-user-purchase-progress");
    }

    [Theory, AllEngines]
    public async Task Joining_gives_the_initial_level_and_points_raise_it(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var (points, loyalty, levels) = await ProgrammeAsync(chain);
        var member = await chain.AddMemberAsync();

        var status = await StatusAsync(chain, member.Id);
        Assert.Equal(loyalty, status.GetProperty("campaign_id").GetInt32());
        Assert.Equal("bronze", status.GetProperty("name").GetString());
        Assert.Equal("Initial level in programme", status.GetProperty("description").GetString());
        Assert.Equal(levels["bronze"], status.GetProperty("loyalty_level_id").GetInt32());
        Assert.Equal(0m, status.GetProperty("points_balance_current").GetDecimal());
        Assert.Equal(250m, status.GetProperty("points_to_proceed_next_level").GetDecimal());
        Assert.Equal(0m, status.GetProperty("points_to_remain_current_level").GetDecimal());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("last_review_date").ValueKind);
        Assert.Matches(@"\+00:00$", status.GetProperty("next_review_date").GetString());
        Assert.Matches(@"\+00:00$", status.GetProperty("date_reached").GetString());

        await AddPointsAsync(chain, member.Id, points, "300");
        status = await StatusAsync(chain, member.Id);
        Assert.Equal("silver", status.GetProperty("name").GetString());
        Assert.Equal(300m, status.GetProperty("points_balance_current").GetDecimal());
        Assert.Equal(700m, status.GetProperty("points_to_proceed_next_level").GetDecimal());
        Assert.Equal(250m, status.GetProperty("maintenance_points_level").GetDecimal());

        // A points tracker never lowers a level: spending points keeps silver until the review.
        await AddPointsAsync(chain, member.Id, points, "-200");
        status = await StatusAsync(chain, member.Id);
        Assert.Equal("silver", status.GetProperty("name").GetString());
        Assert.Equal(150m, status.GetProperty("points_to_remain_current_level").GetDecimal());

        var changes = await chain.App.WithDbAsync(db => db.OutboxEvents.CountAsync(e => e.ChainId == chain.ChainId && e.Type == "shopper.loyalty-level-changed" && e.Payload.Contains($"\"user_id\":{member.Id},")));
        Assert.Equal(2, changes);
    }

    [Theory, AllEngines]
    public async Task Points_tracker_actions_create_vouchers_once_per_threshold(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var (points, _, _) = await ProgrammeAsync(chain, """,{"title":"Voucher every 100","type":"points_tracker","action":"createBasketVoucher","direction":"up","points_threshold":100,"action_amount":5,"action_is_repeatable":true}""");
        var member = await chain.AddMemberAsync();
        await AddPointsAsync(chain, member.Id, points, "350");
        await AddPointsAsync(chain, member.Id, points, "10");
        var vouchers = await chain.App.WithDbAsync(db => db.CampaignRewards.Where(r => r.UserId == member.Id && r.RewardType == "voucher").Select(r => new { r.AmountCents, r.Status }).ToListAsync());
        Assert.Equal(3, vouchers.Count);
        Assert.All(vouchers, v => Assert.Equal((500L, "issued"), (v.AmountCents, v.Status)));
        Assert.Equal(3, await chain.App.WithDbAsync(db => db.Vouchers.CountAsync(v => v.UserId == member.Id && v.AmountOriginalCents == 500)));
    }

    [Theory, AllEngines]
    public async Task Points_earned_by_an_add_basket_raise_the_level_with_the_basket(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var (points, _, levels) = await ProgrammeAsync(chain);
        using (var admin = await chain.AdminClientAsync())
        {
            await CampaignTests.AddCampaignAsync(admin, chain.ChainId, $$"""{"type":"cashback","title":"Points per euro","earn_percentage":10,"recipient_campaign_id":{{points}}}""");
        }
        var member = await chain.AddMemberAsync();
        var number = member.MemberNumber ?? Id(member.Id);
        var body = $$$"""
            {"entity":{"entity_type":"chain","entity_id":{{{chain.ChainId}}}},"user":{"member_programme":"spaaza","member_number":"{{{number}}}"},
             "basket":{"basket_platform_type":"online","retailer_basket_code":"L-{{{Guid.NewGuid():N}}}","basket_total_price":3000.00,"basket_currency":{"currency_code":"EUR"},
             "basket_items":[{"item_barcode":"111","item_quantity":1,"item_price":3000.00}]}}
            """;

        using var privileged = chain.PrivilegedClient();
        (await privileged.SendJsonAsync(HttpMethod.Post, "/auth/add-basket", body)).AssertOk("add-basket");

        var status = await StatusAsync(chain, member.Id);
        Assert.Equal(300m, status.GetProperty("points_balance_current").GetDecimal());
        Assert.Equal(levels["silver"], status.GetProperty("loyalty_level_id").GetInt32());
    }

    [Theory, AllEngines]
    public async Task Reviews_keep_the_level_the_balance_still_earns_and_subtract_maintenance_points(string engine)
    {
        await using var app = new TesseraApp(engine, new TestClock(new DateTimeOffset(2026, 1, 10, 9, 0, 0, TimeSpan.Zero)));
        var chain = await app.BootstrapAsync();
        var (points, _, _) = await ProgrammeAsync(chain, """,{"title":"Review","type":"review","action":"addPointsToWallet","direction":"down","action_is_repeatable":false}""");
        var member = await chain.AddMemberAsync();
        await AddPointsAsync(chain, member.Id, points, "300");
        Assert.Equal("silver", (await StatusAsync(chain, member.Id)).GetProperty("name").GetString());

        async Task<int> ReviewAsync()
        {
            await using var scope = app.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<LoyaltyService>().ReviewDueAsync(100, CancellationToken.None);
        }

        Assert.Equal(0, await ReviewAsync());
        app.Clock.Advance(TimeSpan.FromDays(370));
        Assert.Equal(1, await ReviewAsync());
        var afterFirst = await StatusAsync(chain, member.Id);
        Assert.Equal("silver", afterFirst.GetProperty("name").GetString());
        Assert.Equal(50m, afterFirst.GetProperty("points_balance_current").GetDecimal());
        Assert.Matches(@"\+00:00$", afterFirst.GetProperty("last_review_date").GetString());
        Assert.Equal(0, await ReviewAsync());

        app.Clock.Advance(TimeSpan.FromDays(370));
        Assert.Equal(1, await ReviewAsync());
        Assert.Equal("bronze", (await StatusAsync(chain, member.Id)).GetProperty("name").GetString());
    }

    [Theory, AllEngines]
    public async Task Without_a_programme_loyalty_status_is_null(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var member = await chain.AddMemberAsync();
        Assert.Equal(JsonValueKind.Null, (await StatusAsync(chain, member.Id)).ValueKind);
    }
}
