using Microsoft.Extensions.Logging;
using Tessera.Server.Tests.Campaigns;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Sessions;

public sealed class ParallelLoginTests
{
    [Trait("Category", "Slow")]
    [Theory, AllEngines]
    public async Task A_burst_of_parallel_right_and_wrong_logins_gets_no_server_error(string engine)
    {
        await using var app = new TesseraApp(engine);
        var chain = await app.BootstrapAsync();
        var members = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            members.Add((await chain.AddMemberAsync()).Username);
        }
        // A programme and a login campaign added after the members joined: their first logins give the initial
        // level and the login reward, concurrently.
        using (var admin = await chain.AdminClientAsync())
        {
            var points = (await CampaignTests.AddCampaignAsync(admin, chain.ChainId, """{"type":"points_wallet","title":"Points"}""")).GetProperty("id").GetInt32();
            await CampaignTests.AddCampaignAsync(admin, chain.ChainId, $$"""
                {"type":"loyalty","title":"Loyalty","operand_campaign_id":{{points}},"review_cycle_months":12,
                 "loyalty_levels":[{"name":"bronze","description":"First"},{"name":"silver","description":"Second"}],
                 "loyalty_rules":[{"title":"Join","type":"initial","action":"setLevel","level":"bronze"},
                   {"title":"Silver","type":"points_tracker","action":"setLevel","direction":"up","points_threshold":250,"level":"silver"}]}
                """);
            await CampaignTests.AddCampaignAsync(admin, chain.ChainId, $$"""{"type":"login","title":"First login","reward_money":1,"recipient_campaign_id":{{points}}}""");
        }
        using var memberClient = app.Client().App(chain.Hostname);
        using var adminClient = app.Client();

        // 60 logins at once: 15 for each of three members and the admin, every other one with a wrong password.
        var logins = Enumerable.Range(0, 60).Select(i =>
        {
            var who = i % 4;
            var right = i / 4 % 2 == 0;
            return who == 3
                ? adminClient.PostAsync("/auth/login", ("username", chain.AdminUsername), ("password", right ? chain.AdminPassword : "wrong"))
                : memberClient.PostAsync("/auth/login", ("username", members[who]), ("password", right ? "member-secret" : "wrong"));
        });
        var answers = await Task.WhenAll(logins);

        var serverErrors = answers.Where(a => (int)a.Status >= 500).Select(a => a.Body).ToList();
        Assert.True(serverErrors.Count == 0, string.Join(Environment.NewLine, serverErrors.Concat(app.Logs.AtLeast(LogLevel.Error).Select(l => l.ToString()))));
        Assert.Empty(app.Logs.AtLeast(LogLevel.Error));
    }
}
