using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Tessera.Server.Data.Entities;
using Tessera.Server.Tests.Campaigns;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests;

public sealed class HostShutdownTests
{
    [Trait("Category", "Slow")]
    [Theory, AllEngines]
    public async Task Stopping_the_server_in_the_middle_of_loyalty_reviews_logs_no_error(string engine)
    {
        var app = new TesseraApp(engine, settings: new Dictionary<string, string?> { ["Loyalty:ReviewIntervalSeconds"] = "1", ["Scheduler:Enabled"] = "true", ["Scheduler:PollSeconds"] = "1" }) { Time = TimeProvider.System };
        try
        {
            var chain = await app.BootstrapAsync();
            using (var admin = await chain.AdminClientAsync())
            {
                var points = (await CampaignTests.AddCampaignAsync(admin, chain.ChainId, """{"type":"points_wallet","title":"Points"}""")).GetProperty("id").GetInt32();
                await CampaignTests.AddCampaignAsync(admin, chain.ChainId, $$"""
                    {"type":"loyalty","title":"Loyalty","operand_campaign_id":{{points}},"review_cycle_months":12,
                     "loyalty_levels":[{"name":"bronze","description":"First"}],
                     "loyalty_rules":[{"title":"Join","type":"initial","action":"setLevel","level":"bronze"}]}
                    """);
            }
            // Members whose reviews are due: the scheduler's next poll runs the review job, which reviews them one by one.
            var now = app.Clock.GetUtcNow().UtcDateTime;
            await app.WithDbAsync(async db =>
            {
                var level = await db.LoyaltyLevels.Where(l => l.ChainId == chain.ChainId).Select(l => l.Id).SingleAsync();
                var users = Enumerable.Range(0, 2000).Select(i => new User
                {
                    ChainId = chain.ChainId,
                    UsernameScope = chain.ChainId,
                    Username = $"due-{i}@example.test",
                    UsernameNormalized = $"due-{i}@example.test",
                    CreatedAt = now,
                    UpdatedAt = now,
                }).ToList();
                db.Users.AddRange(users);
                await db.SaveChangesAsync();
                db.MemberLoyaltyLevels.AddRange(users.Select(u => new MemberLoyaltyLevel { UserId = u.Id, LoyaltyLevelId = level, DateReached = now.AddYears(-1), NextReviewDate = now.AddDays(-1) }));
                return await db.SaveChangesAsync();
            });

            // Stop once the reviews have begun (within the interval), while most are still to do.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (await app.WithDbAsync(db => db.MemberLoyaltyLevels.CountAsync(m => m.LastReviewDate != null)) == 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
            // The reviews began; on a fast engine they may all be done before the stop, which this test then also covers.
            Assert.True(await app.WithDbAsync(db => db.MemberLoyaltyLevels.CountAsync(m => m.LastReviewDate != null)) >= 1);
        }
        finally
        {
            await app.DisposeAsync();
        }

        Assert.True(app.Logs.AtLeast(LogLevel.Error).Count == 0, string.Join(Environment.NewLine, app.Logs.AtLeast(LogLevel.Error)));
    }

    [Theory, AllEngines]
    public async Task A_clean_shutdown_after_requests_logs_no_error(string engine)
    {
        var app = new TesseraApp(engine);
        try
        {
            var chain = await app.BootstrapAsync();
            using var client = await chain.AdminClientAsync();
            (await client.GetAsync("/internal/get-user", ("user_id", chain.Result.AdminUserId.ToString(System.Globalization.CultureInfo.InvariantCulture)))).Body.ToString();
        }
        finally
        {
            await app.DisposeAsync();
        }

        Assert.True(app.Logs.AtLeast(LogLevel.Error).Count == 0, string.Join(Environment.NewLine, app.Logs.AtLeast(LogLevel.Error)));
    }
}
