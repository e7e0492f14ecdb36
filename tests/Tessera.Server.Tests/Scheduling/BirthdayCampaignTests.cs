using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Tessera.Server.Features.Scheduling;
using Tessera.Server.Tests.Campaigns;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Scheduling;

public sealed class BirthdayCampaignTests
{
    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static (TesseraApp App, FakeTimeProvider Time) App(string engine, DateTimeOffset start)
    {
        var time = new FakeTimeProvider(start);
        return (new TesseraApp(engine) { Time = time }, time);
    }

    private static async Task<TestChain> ChainAsync(TesseraApp app, string timeZone = "UTC")
    {
        var chain = await app.BootstrapAsync();
        await app.WithDbAsync(async db => await db.Chains.Where(c => c.Id == chain.ChainId).ExecuteUpdateAsync(s => s.SetProperty(c => c.TimeZone, timeZone)));
        return chain;
    }

    /// <summary>A birthday campaign paying a voucher of 10 (no wallet), or into a new money wallet when <paramref name="wallet"/>.</summary>
    private static async Task<(int Campaign, int? Wallet)> CampaignAsync(TestChain chain, int daysBefore = 0, bool wallet = false)
    {
        using var admin = await chain.AdminClientAsync();
        int? walletId = wallet ? (await CampaignTests.AddCampaignAsync(admin, chain.ChainId, """{"type":"wallet","title":"Money Wallet"}""")).GetProperty("id").GetInt32() : null;
        var recipient = walletId is { } w ? $""","recipient_campaign_id":{Id(w)}""" : "";
        var campaign = await CampaignTests.AddCampaignAsync(admin, chain.ChainId,
            $$"""{"type":"birthday","title":"Happy birthday","gift_amount":10,"days_before":{{Id(daysBefore)}},"voucher_expiry_days":14{{recipient}}}""");
        return (campaign.GetProperty("id").GetInt32(), walletId);
    }

    private static async Task<int> MemberAsync(TestChain chain, string birthday, bool optedIn = true)
    {
        using var client = chain.PrivilegedClient();
        var added = await client.PostAsync("/internal/add-user", ("username", $"born-{Guid.NewGuid():N}@example.test"), ("birthday", birthday),
            ("programme_opted_in", optedIn ? "true" : "false"));
        added.AssertOk("add-user");
        return added.Results.GetProperty("user_info").GetProperty("user_id").GetInt32();
    }

    private static async Task RunAsync(TesseraApp app) =>
        await app.Services.GetRequiredService<JobScheduler>().RunDueAsync(CancellationToken.None);

    /// <summary>The birthday rewards of a member: their occurrences (birthday:{year}).</summary>
    private static Task<List<string>> PaidAsync(TesseraApp app, int userId) =>
        app.WithDbAsync(db => db.CampaignRewards.Where(r => r.UserId == userId && r.Occurrence.StartsWith("birthday:")).OrderBy(r => r.Id).Select(r => r.Occurrence).ToListAsync());

    [Theory, AllEngines]
    public async Task A_birthday_voucher_is_issued_once_on_the_birthday_in_the_chains_time_zone(string engine)
    {
        // 23:00 in Tokyo, 14:00 in UTC, on 9 March.
        var (app, time) = App(engine, new DateTimeOffset(2026, 3, 9, 14, 0, 0, TimeSpan.Zero));
        await using var _ = app;
        var tokyo = await ChainAsync(app, "Asia/Tokyo");
        var utc = await ChainAsync(app);
        await CampaignAsync(tokyo);
        await CampaignAsync(utc);
        var inTokyo = await MemberAsync(tokyo, "1990-03-10");
        var inUtc = await MemberAsync(utc, "1990-03-10");
        var optedOut = await MemberAsync(tokyo, "1990-03-10", optedIn: false);
        var beforeTheCampaign = await MemberAsync(tokyo, "1990-03-05");

        await RunAsync(app);
        Assert.Empty(await PaidAsync(app, inTokyo));

        // 01:00 on 10 March in Tokyo, still 9 March in UTC.
        time.Advance(TimeSpan.FromHours(2));
        await RunAsync(app);
        Assert.Equal(["birthday:2026"], await PaidAsync(app, inTokyo));
        Assert.Empty(await PaidAsync(app, inUtc));

        time.Advance(TimeSpan.FromHours(10));
        await RunAsync(app);
        time.Advance(TimeSpan.FromHours(10));
        await RunAsync(app);
        Assert.Equal(["birthday:2026"], await PaidAsync(app, inTokyo));
        Assert.Equal(["birthday:2026"], await PaidAsync(app, inUtc));
        Assert.Empty(await PaidAsync(app, optedOut));
        Assert.Empty(await PaidAsync(app, beforeTheCampaign));

        using var admin = await tokyo.AdminClientAsync();
        var vouchers = await admin.GetAsync("/get-user-vouchers", ("chain_id", Id(tokyo.ChainId)), ("user_id", Id(inTokyo)));
        vouchers.AssertOk("get-user-vouchers");
        var voucher = Assert.Single(vouchers.Results.GetProperty("basket_vouchers").EnumerateArray());
        Assert.Equal("birthday", voucher.GetProperty("campaign_type").GetString());
        Assert.Equal(10m, voucher.GetProperty("voucher_amount").GetDecimal());
        Assert.Equal(1, await app.WithDbAsync(db => db.OutboxEvents.CountAsync(e => e.ChainId == tokyo.ChainId && e.Type == Tessera.Server.Features.Events.EventTypes.ShopperVoucherIssued)));
    }

    [Theory, AllEngines]
    public async Task Days_before_pays_that_many_days_ahead_into_the_recipient_wallet(string engine)
    {
        var (app, time) = App(engine, new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        await using var _ = app;
        var chain = await ChainAsync(app, "Europe/Amsterdam");
        var (_, wallet) = await CampaignAsync(chain, daysBefore: 7, wallet: true);
        var member = await MemberAsync(chain, "1985-03-17");

        time.Advance(TimeSpan.FromDays(8)); // 9 March
        await RunAsync(app);
        Assert.Empty(await PaidAsync(app, member));

        time.Advance(TimeSpan.FromDays(1)); // 10 March: 7 days before the 17th
        await RunAsync(app);
        Assert.Equal(["birthday:2026"], await PaidAsync(app, member));
        Assert.Equal(1000L, await app.WithDbAsync(db => db.MemberWallets.Where(w => w.UserId == member && w.CampaignId == wallet).Select(w => w.BalanceCents).SingleAsync()));
        Assert.Equal(0, await app.WithDbAsync(db => db.Vouchers.CountAsync(v => v.UserId == member)));
    }

    [Theory, AllEngines]
    public async Task After_downtime_the_missed_days_are_paid_once_back_to_the_catch_up_limit(string engine)
    {
        var (app, time) = App(engine, new DateTimeOffset(2026, 2, 1, 12, 0, 0, TimeSpan.Zero));
        await using var _ = app;
        var chain = await ChainAsync(app);
        await CampaignAsync(chain);
        var members = new Dictionary<string, int>();
        foreach (var day in new[] { "03-10", "03-12", "03-14", "03-18", "03-20", "03-25" })
        {
            members[day] = await MemberAsync(chain, $"1970-{day}");
        }
        time.Advance(TimeSpan.FromDays(36)); // 9 March
        await RunAsync(app);

        // Every server is down until 20 March: the last 7 days (13 to 20 March) are caught up.
        time.Advance(TimeSpan.FromDays(11));
        await RunAsync(app);
        await RunAsync(app);
        foreach (var (day, member) in members)
        {
            var expected = day is "03-14" or "03-18" or "03-20" ? new[] { "birthday:2026" } : [];
            Assert.Equal(expected, await PaidAsync(app, member));
        }
    }

    [Theory, AllEngines]
    public async Task A_member_is_paid_once_a_year_and_again_the_next_year(string engine)
    {
        var (app, time) = App(engine, new DateTimeOffset(2026, 3, 10, 8, 0, 0, TimeSpan.Zero));
        await using var _ = app;
        var chain = await ChainAsync(app);
        await CampaignAsync(chain);
        var member = await MemberAsync(chain, "1990-03-10");
        var leap = await MemberAsync(chain, "2000-02-29");

        await RunAsync(app);
        Assert.Equal(["birthday:2026"], await PaidAsync(app, member));
        for (var day = 0; day < 6; day++)
        {
            time.Advance(TimeSpan.FromDays(55));
            await RunAsync(app);
        }
        // 3 February 2027: paid once, in 2026.
        Assert.Equal(["birthday:2026"], await PaidAsync(app, member));
        Assert.Empty(await PaidAsync(app, leap));

        time.Advance(TimeSpan.FromDays(25)); // 28 February 2027: no 29th this year
        await RunAsync(app);
        Assert.Equal(["birthday:2027"], await PaidAsync(app, leap));
        time.Advance(TimeSpan.FromDays(10)); // 10 March 2027
        await RunAsync(app);
        Assert.Equal(["birthday:2026", "birthday:2027"], await PaidAsync(app, member));
        Assert.Equal(["birthday:2027"], await PaidAsync(app, leap));
        Assert.Equal(3, await app.WithDbAsync(db => db.Vouchers.CountAsync(v => v.ChainId == chain.ChainId)));
    }

    [Theory, AllEngines]
    [Trait("Category", "Slow")]
    public async Task Two_servers_running_the_job_at_once_pay_each_member_once(string engine)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        await using var first = new TesseraApp(engine) { Time = time };
        var chain = await ChainAsync(first);
        await CampaignAsync(chain);
        var members = new List<int>();
        for (var i = 0; i < 20; i++)
        {
            members.Add(await MemberAsync(chain, "1980-03-02"));
        }
        await using var second = new TesseraApp(first.Database) { Time = time };
        _ = second.Services; // started here: WebApplicationFactory starts its host lazily, and not safely from parallel tasks
        time.Advance(TimeSpan.FromDays(1));

        // Through the scheduler (leases), and straight into the job (only the unique key stands in the way).
        static async Task RunJobAsync(TesseraApp app)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var job = scope.ServiceProvider.GetServices<IScheduledJob>().Single(j => j.Name == "birthday-campaigns");
            await job.RunAsync(app.Services.GetRequiredService<TimeProvider>().GetUtcNow(), CancellationToken.None);
        }
        var runs = new List<Task>();
        for (var i = 0; i < 6; i++)
        {
            runs.Add(Task.Run(() => RunAsync(first)));
            runs.Add(Task.Run(() => RunAsync(second)));
            runs.Add(Task.Run(() => RunJobAsync(first)));
            runs.Add(Task.Run(() => RunJobAsync(second)));
        }
        await Task.WhenAll(runs);

        foreach (var member in members)
        {
            Assert.Equal(["birthday:2026"], await PaidAsync(first, member));
        }
        Assert.Equal(members.Count, await first.WithDbAsync(db => db.Vouchers.CountAsync(v => v.ChainId == chain.ChainId)));
        Assert.Equal(members.Count, await first.WithDbAsync(db => db.OutboxEvents.CountAsync(e => e.ChainId == chain.ChainId && e.Type == Tessera.Server.Features.Events.EventTypes.ShopperVoucherIssued)));
    }
}
