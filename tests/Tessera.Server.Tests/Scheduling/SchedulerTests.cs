using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Tessera.Server.Data;
using Tessera.Server.Data.Sql;
using Tessera.Server.Features.Scheduling;
using Tessera.Server.Tests.Campaigns;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Scheduling;

public sealed class SchedulerTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static Action<IServiceCollection> With<TJob>(JobRuns runs)
        where TJob : class, IScheduledJob => services =>
        {
            services.AddSingleton(runs);
            services.AddScheduledJob<TJob>();
        };

    private static Task<IReadOnlyList<string>> RunAsync(TesseraApp app) =>
        app.Services.GetRequiredService<JobScheduler>().RunDueAsync(CancellationToken.None);

    /// <summary>The job's lease holder and last finish, read from <c>scheduled_jobs</c>.</summary>
    private static async Task<(string? Owner, DateTime? Finished)> RowAsync(TesseraDbContext db, string name)
    {
        (string?, DateTime?) row = default;
        await new SqlBatch(db).Query("SELECT lease_owner, last_finished_at FROM scheduled_jobs WHERE name = $1",
            r => row = (r.IsDBNull(0) ? null : r.GetString(0), r.IsDBNull(1) ? null : r.GetDateTime(1)), name).ReadAsync(CancellationToken.None);
        return row;
    }

    [Theory, AllEngines]
    public async Task A_due_job_runs_once_however_many_servers_poll_at_once(string engine)
    {
        var time = new FakeTimeProvider(Start);
        var runs = new JobRuns();
        await using var first = new TesseraApp(engine) { Time = time, TestServices = With<CountingJob>(runs) };
        await using var second = new TesseraApp(first.Database) { Time = time, TestServices = With<CountingJob>(runs) };

        async Task PollEverywhereAsync()
        {
            var polls = Enumerable.Range(0, 8).SelectMany(_ => new[] { Task.Run(() => RunAsync(first)), Task.Run(() => RunAsync(second)) });
            await Task.WhenAll(polls);
        }

        await PollEverywhereAsync();
        Assert.Equal(1, runs.Count);
        time.Advance(TimeSpan.FromMinutes(59));
        await PollEverywhereAsync();
        Assert.Equal(1, runs.Count);
        time.Advance(TimeSpan.FromMinutes(1));
        await PollEverywhereAsync();
        Assert.Equal(2, runs.Count);
    }

    [Theory, AllEngines]
    public async Task A_lease_left_by_a_dead_server_is_taken_over_when_it_expires(string engine)
    {
        var time = new FakeTimeProvider(Start);
        var runs = new JobRuns();
        await using var app = new TesseraApp(engine) { Time = time, TestServices = With<CountingJob>(runs) };
        await RunAsync(app);
        time.Advance(TimeSpan.FromHours(1));

        // Another server claimed the run and died: its lease (120 s by default) blocks the job until it expires.
        var claimed = await app.WithDbAsync(async db =>
            (await SchedulingSql.AddClaim(new SqlBatch(db), CountingJob.JobName, "dead-server", (time.GetUtcNow() + TimeSpan.FromSeconds(120)).UtcDateTime, time.GetUtcNow().UtcDateTime)
                .ExecuteAsync(CancellationToken.None))[0]);
        Assert.Equal(1, claimed);
        Assert.DoesNotContain(CountingJob.JobName, await RunAsync(app));
        Assert.Equal(1, runs.Count);

        time.Advance(TimeSpan.FromSeconds(121));
        Assert.Contains(CountingJob.JobName, await RunAsync(app));
        Assert.Equal(2, runs.Count);
        var (owner, finished) = await app.WithDbAsync(db => RowAsync(db, CountingJob.JobName));
        Assert.Null(owner);
        Assert.Equal(time.GetUtcNow().UtcDateTime, finished);
    }

    [Theory, AllEngines]
    public async Task The_polling_loop_runs_due_jobs_as_the_clock_moves(string engine)
    {
        var time = new FakeTimeProvider(Start);
        var runs = new JobRuns();
        var settings = new Dictionary<string, string?>
        {
            ["Scheduler:Enabled"] = "true",
            ["Scheduler:PollSeconds"] = "5",
            [$"Scheduler:Jobs:{CountingJob.JobName}:IntervalSeconds"] = "10",
        };
        await using var app = new TesseraApp(engine, settings: settings) { Time = time, TestServices = With<CountingJob>(runs) };
        _ = app.Services;

        // A new job is due at once; the next run comes 10 s (of the fake clock) later, at a poll every 5 s.
        Assert.True(await runs.NextAsync(TimeSpan.FromSeconds(30)));
        var second = false;
        for (var step = 0; step < 50 && !second; step++)
        {
            time.Advance(TimeSpan.FromSeconds(5));
            second = await runs.NextAsync(TimeSpan.FromMilliseconds(300));
        }
        Assert.True(second);
    }

    [Theory, AllEngines]
    public async Task Stopping_the_host_cancels_a_running_job_quietly_and_leaves_it_due(string engine)
    {
        var database = TestDatabase.Create(engine);
        try
        {
            var runs = new JobRuns();
            LogCapture logs;
            var settings = new Dictionary<string, string?> { ["Scheduler:Enabled"] = "true" };
            await using (var app = new TesseraApp(database, settings: settings) { Time = new FakeTimeProvider(Start), TestServices = With<BlockingJob>(runs) })
            {
                logs = app.Logs;
                _ = app.Services;
                Assert.True(await runs.NextAsync(TimeSpan.FromSeconds(30)));
            }
            Assert.Empty(logs.AtLeast(LogLevel.Error));
            await using var db = database.NewContext();
            var (owner, finished) = await RowAsync(db, BlockingJob.JobName);
            Assert.Null(owner);
            Assert.Null(finished);
        }
        finally
        {
            database.Drop();
        }
    }

    [Theory, AllEngines]
    public async Task Loyalty_reviews_run_through_the_scheduler(string engine)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 10, 9, 0, 0, TimeSpan.Zero));
        await using var app = new TesseraApp(engine) { Time = time };
        var chain = await app.BootstrapAsync();
        using var admin = await chain.AdminClientAsync();
        var points = (await CampaignTests.AddCampaignAsync(admin, chain.ChainId, """{"type":"points_wallet","title":"Points","balance_can_subzero":false}""")).GetProperty("id").GetInt32();
        await CampaignTests.AddCampaignAsync(admin, chain.ChainId, $$"""
            {"type":"loyalty","title":"Loyalty","operand_campaign_id":{{points}},"review_cycle_months":12,
             "loyalty_levels":[{"name":"bronze"},{"name":"silver"}],
             "loyalty_rules":[
               {"title":"Join","type":"initial","action":"setLevel","level":"bronze"},
               {"title":"Silver","type":"points_tracker","action":"setLevel","direction":"up","points_threshold":250,"level":"silver"},
               {"title":"Review","type":"review","action":"addPointsToWallet","direction":"down","action_is_repeatable":false}]}
            """);
        var member = await chain.AddMemberAsync();
        using var privileged = chain.PrivilegedClient();
        (await privileged.PostAsync("/auth/add-user-purchase-progress", ("user_id", Id(member.Id)), ("campaign_id", Id(points)), ("amount", "300"), ("log_message", "points")))
            .AssertOk("add-user-purchase-progress");

        async Task<System.Text.Json.JsonElement> StatusAsync()
        {
            var user = await privileged.GetAsync("/internal/get-user", ("user_id", Id(member.Id)));
            user.AssertOk("get-user");
            return user.Results.GetProperty("user_info").GetProperty("loyalty_status");
        }

        Assert.Contains("loyalty-review", await RunAsync(app));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, (await StatusAsync()).GetProperty("last_review_date").ValueKind);

        time.Advance(TimeSpan.FromDays(370));
        Assert.Contains("loyalty-review", await RunAsync(app));
        var status = await StatusAsync();
        Assert.Equal("silver", status.GetProperty("name").GetString());
        Assert.Equal(50m, status.GetProperty("points_balance_current").GetDecimal());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, status.GetProperty("last_review_date").ValueKind);
    }
}
