using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Tessera.Server.Auth;
using Tessera.Server.Protocol;
using Tessera.Server.Tests.Campaigns;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Sessions;

public sealed class ParallelLoginTests
{
    [Trait("Category", "Slow")]
    [Theory, AllEngines]
    public async Task A_hundred_parallel_guesses_check_no_more_passwords_than_the_limit_and_the_right_one_works_after_the_wait(string engine)
    {
        await using var app = new TesseraApp(engine, new TestClock(), new Dictionary<string, string?>
        {
            ["Auth:MaxFailedLogins"] = "5",
            ["Auth:FailedLoginDelaySeconds"] = "2",
        });
        var chain = await app.BootstrapAsync();
        var member = await chain.AddMemberAsync();
        var passwords = app.Services.GetRequiredService<Passwords>();
        using var client = app.Client().App(chain.Hostname);
        var checkedBefore = passwords.Verifications;

        var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
            client.PostAsync("/auth/login", ("username", member.Username), ("password", "guess-" + i))));

        // The clock stands still: five attempts were reserved, the fifth set a wait, and the other 95 were refused
        // before their passwords were looked at.
        Assert.Equal(5, passwords.Verifications - checkedBefore);
        Assert.Equal(5, answers.Count(a => a.ErrorCode == ErrorCodes.PasswordErrorOrNonExistent.Code));
        Assert.All(answers.Where(a => a.ErrorCode != ErrorCodes.PasswordErrorOrNonExistent.Code), a => FailedLoginTests.RetryAfter(a));

        Assert.Equal(2, FailedLoginTests.RetryAfter(await client.PostAsync("/auth/login", ("username", member.Username), ("password", "member-secret"))));
        app.Clock.Advance(TimeSpan.FromSeconds(2));
        (await client.PostAsync("/auth/login", ("username", member.Username), ("password", "member-secret"))).AssertOk("login");
        Assert.Equal(6, passwords.Verifications - checkedBefore);
    }

    [Trait("Category", "Slow")]
    [Theory, AllEngines]
    public async Task A_burst_of_parallel_right_and_wrong_logins_gets_no_server_error(string engine)
    {
        await using var app = new TesseraApp(engine);
        await BurstWithoutServerErrorsAsync(app, app);
    }

    /// <summary>
    /// The 500s of issue 25: PostgreSQL refuses connections beyond its limit (53300), here a role's limit of 8 while the
    /// server's pool may open 50. The server waits for a connection instead of failing.
    /// </summary>
    [Trait("Category", "Slow")]
    [PostgresTheory, PostgresEngine]
    public async Task A_burst_larger_than_the_database_allows_connections_for_waits_instead_of_failing(string engine)
    {
        var role = $"tessera_test_limited_{Guid.NewGuid():N}";
        var app = new TesseraApp(engine);
        await app.BootstrapAsync();
        await AdminSqlAsync($"CREATE ROLE {role} LOGIN PASSWORD 'limited' CONNECTION LIMIT 8");
        try
        {
            await using (var db = new NpgsqlConnection(app.Database.ConnectionString))
            {
                await db.OpenAsync();
                await using var grant = new NpgsqlCommand($"GRANT USAGE, CREATE ON SCHEMA public TO {role}; GRANT ALL ON ALL TABLES IN SCHEMA public TO {role}; GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {role}", db);
                await grant.ExecuteNonQueryAsync();
            }
            var limited = new NpgsqlConnectionStringBuilder(app.Database.ConnectionString) { Username = role, Password = "limited" }.ToString();
            await using var server = app.WithWebHostBuilder(b => b.UseSetting("Database:ConnectionString", limited));
            await BurstWithoutServerErrorsAsync(app, server);
            NpgsqlConnection.ClearPool(new NpgsqlConnection(limited));
        }
        finally
        {
            await app.DisposeAsync();
            await AdminSqlAsync($"DROP ROLE IF EXISTS {role}");
        }
    }

    private static async Task AdminSqlAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Engines.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>60 logins at once on <paramref name="server"/>: 15 for each of three members and an admin, every other one wrong.</summary>
    private static async Task BurstWithoutServerErrorsAsync(TesseraApp app, Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> server)
    {
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
        using var memberClient = new SpaazaClient(server.CreateClient()).App(chain.Hostname);
        using var adminClient = new SpaazaClient(server.CreateClient());

        var answers = await Task.WhenAll(Enumerable.Range(0, 60).Select(i =>
        {
            var who = i % 4;
            var right = i / 4 % 2 == 0;
            return who == 3
                ? adminClient.PostAsync("/auth/login", ("username", chain.AdminUsername), ("password", right ? chain.AdminPassword : "wrong"))
                : memberClient.PostAsync("/auth/login", ("username", members[who]), ("password", right ? "member-secret" : "wrong"));
        }));

        var serverErrors = answers.Where(a => (int)a.Status >= 500).Select(a => a.Body).ToList();
        Assert.True(serverErrors.Count == 0, string.Join(Environment.NewLine, serverErrors.Concat(app.Logs.AtLeast(LogLevel.Error).Select(l => l.ToString()))));
        Assert.All(answers, a => Assert.Contains(a.Json.GetProperty("result").GetProperty("status").GetString(), new[] { "ok", "error" }));
        Assert.Contains(answers, a => a.Status == System.Net.HttpStatusCode.OK);
    }
}
