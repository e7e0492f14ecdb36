using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Tessera.Server.Tests.Campaigns;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.LevelUp;

/// <summary>Seed 001 (LevelUp progress adjustments) end to end over HTTP.</summary>
public sealed class ProgressAdjustmentTests
{
    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(HttpClient http, string path, string json, string? merchantToken = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        if (merchantToken is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", $"token merchant=\"{merchantToken}\"");
        }
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<string> TokenAsync(TestChain chain, string? username = null, string? password = null)
    {
        using var client = chain.App.Client();
        var keyId = chain.PrivilegedKey.Split(':')[0];
        var (status, body) = await PostAsync(client.Http, "/v15/access_tokens",
            new JsonObject { ["access_token"] = new JsonObject { ["api_key"] = keyId, ["username"] = username ?? chain.AdminUsername, ["password"] = password ?? chain.AdminPassword } }.ToJsonString());
        Assert.True(status == HttpStatusCode.OK, body);
        var token = JsonNode.Parse(body)!["access_token"]!;
        Assert.Equal(chain.ChainId, token["merchant_id"]!.GetValue<int>());
        return token["token"]!.GetValue<string>();
    }

    private static string Adjustment(int campaignId, object adjustment, int? userId = null, string? email = null, bool suppress = false)
    {
        var body = new JsonObject
        {
            ["adjustment"] = JsonValue.Create(adjustment),
            ["audit_comment"] = "Adjustment for order made as guest",
            ["campaign_id"] = campaignId,
            ["suppress_email"] = suppress,
        };
        if (userId is not null)
        {
            body["user_id"] = userId;
        }
        if (email is not null)
        {
            body["email"] = email;
        }
        return new JsonObject { ["progress_adjustment"] = body }.ToJsonString();
    }

    private static async Task<(int Wallet, int Campaign)> CampaignsAsync(TestChain chain, string progressJson)
    {
        using var admin = await chain.AdminClientAsync();
        var wallet = (await CampaignTests.AddCampaignAsync(admin, chain.ChainId, """{"type":"wallet","title":"Money Wallet"}""")).GetProperty("id").GetInt32();
        var campaign = (await CampaignTests.AddCampaignAsync(admin, chain.ChainId, progressJson.Replace("{{wallet}}", wallet.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))).GetProperty("id").GetInt32();
        return (wallet, campaign);
    }

    private static Task<long> BalanceAsync(TestChain chain, int userId, int walletId) =>
        chain.App.WithDbAsync(db => db.MemberWallets.Where(w => w.UserId == userId && w.CampaignId == walletId).Select(w => w.BalanceCents).SingleOrDefaultAsync());

    private static Task<int> NotificationsAsync(TestChain chain, int userId) =>
        chain.App.WithDbAsync(db => db.OutboxEvents.CountAsync(e => e.ChainId == chain.ChainId && e.Type == "campaign.goal_accomplished" && e.Payload.Contains($"\"user_id\":{userId},")));

    [Theory, AllEngines]
    public async Task Visit_adjustments_reach_the_target_reward_and_carry_over(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var (wallet, campaign) = await CampaignsAsync(chain, """{"type":"progress","title":"Five visits","progress_unit":"visits","target":5,"reward_money":5,"recipient_campaign_id":{{wallet}}}""");
        var member = await chain.AddMemberAsync();
        var token = await TokenAsync(chain);
        using var client = chain.App.Client();

        var first = await PostAsync(client.Http, "/v15/progress_adjustments", Adjustment(campaign, 3, userId: member.Id), token);
        Assert.Equal(HttpStatusCode.NoContent, first.Status);
        Assert.Equal("", first.Body);
        Assert.Equal(0L, await BalanceAsync(chain, member.Id, wallet));

        Assert.Equal(HttpStatusCode.NoContent, (await PostAsync(client.Http, "/v15/progress_adjustments", Adjustment(campaign, 4, email: member.Username), token)).Status);
        Assert.Equal(500L, await BalanceAsync(chain, member.Id, wallet));
        Assert.Equal(1, await NotificationsAsync(chain, member.Id));
        var progress = await chain.App.WithDbAsync(db => db.CampaignProgress.SingleAsync(p => p.UserId == member.Id && p.CampaignId == campaign));
        Assert.Equal(2, progress.Progress);
        Assert.Equal(1, progress.Accomplishments);

        // Eight more: the carried 2 + 8 = 10 accomplishes twice; suppress_email queues no notification.
        Assert.Equal(HttpStatusCode.NoContent, (await PostAsync(client.Http, "/v15/progress_adjustments", Adjustment(campaign, 8, userId: member.Id, suppress: true), token)).Status);
        Assert.Equal(1500L, await BalanceAsync(chain, member.Id, wallet));
        Assert.Equal(1, await NotificationsAsync(chain, member.Id));
        var comments = await chain.App.WithDbAsync(db => db.ProgressAdjustments.Where(a => a.UserId == member.Id).Select(a => a.AuditComment).ToListAsync());
        Assert.Equal(3, comments.Count);
        Assert.All(comments, c => Assert.Equal("Adjustment for order made as guest", c));
    }

    [Theory, AllEngines]
    public async Task Each_adjustment_and_each_reward_it_pays_writes_a_points_mutation_event(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var (wallet, campaign) = await CampaignsAsync(chain, """{"type":"progress","title":"Five visits","progress_unit":"visits","target":5,"reward_money":5,"recipient_campaign_id":{{wallet}}}""");
        var member = await chain.AddMemberAsync();
        var token = await TokenAsync(chain);
        using var client = chain.App.Client();

        Assert.Equal(HttpStatusCode.NoContent, (await PostAsync(client.Http, "/v15/progress_adjustments", Adjustment(campaign, 6, userId: member.Id), token)).Status);

        // The adjustment of 6 visits (its row as user_purchase_progress, its admin as mutation_owner), then the reward.
        var bodies = (await OutboxReader.BodiesAsync(chain, "shopper.points-mutation")).Select(b => b.GetProperty("data")).ToList();
        Assert.Equal(["progressAdjustment", "campaignContribution"], bodies.Select(d => d.GetProperty("type").GetString()));
        Assert.Equal(["6.00", "5.00"], bodies.Select(d => d.GetProperty("amount").GetString()));
        Assert.Equal([campaign, wallet], bodies.Select(d => d.GetProperty("campaign").GetProperty("campaign_id").GetInt32()));
        var adjustment = await chain.App.WithDbAsync(db => db.ProgressAdjustments.SingleAsync(a => a.UserId == member.Id));
        var progress = bodies[0].GetProperty("user_purchase_progress");
        Assert.Equal(adjustment.Id, progress.GetProperty("id").GetInt64());
        Assert.Equal("Adjustment for order made as guest", progress.GetProperty("log_message").GetString());
        Assert.Equal(adjustment.AdminUserId, progress.GetProperty("mutation_owner").GetProperty("user_id").GetInt32());
        Assert.Equal(member.Id, bodies[0].GetProperty("user").GetProperty("user_id").GetInt32());
        var entry = await chain.App.WithDbAsync(db => db.LedgerEntries.SingleAsync(e => e.UserId == member.Id));
        Assert.Equal(entry.Id, bodies[1].GetProperty("user_purchase_progress").GetProperty("id").GetInt64());
    }

    [Theory, AllEngines]
    public async Task Spend_adjustments_are_cents_and_purchase_counts_are_visits(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var (wallet, spend) = await CampaignsAsync(chain, """{"type":"progress","title":"Spend 200","target":200,"reward_money":25,"recipient_campaign_id":{{wallet}}}""");
        using var admin = await chain.AdminClientAsync();
        var count = (await CampaignTests.AddCampaignAsync(admin, chain.ChainId, $$"""{"type":"purchase_count","title":"Third visit","purchase_count":3,"reward_money":1,"recipient_campaign_id":{{wallet}}}""")).GetProperty("id").GetInt32();
        var member = await chain.AddMemberAsync();
        var token = await TokenAsync(chain);
        using var client = chain.App.Client();

        await PostAsync(client.Http, "/v15/progress_adjustments", Adjustment(spend, 19999, userId: member.Id), token);
        Assert.Equal(0L, await BalanceAsync(chain, member.Id, wallet));
        await PostAsync(client.Http, "/v15/progress_adjustments", Adjustment(spend, 1, userId: member.Id), token);
        Assert.Equal(2500L, await BalanceAsync(chain, member.Id, wallet));
        await PostAsync(client.Http, "/v15/progress_adjustments", Adjustment(count, 3, userId: member.Id), token);
        Assert.Equal(2600L, await BalanceAsync(chain, member.Id, wallet));
    }

    [Theory, AllEngines]
    public async Task Bad_adjustments_get_the_seeds_422_error_arrays(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var (_, campaign) = await CampaignsAsync(chain, """{"type":"progress","title":"Visits","progress_unit":"visits","target":5,"reward_money":1,"recipient_campaign_id":{{wallet}}}""");
        var member = await chain.AddMemberAsync();
        var token = await TokenAsync(chain);
        using var client = chain.App.Client();

        var unknownEmail = await PostAsync(client.Http, "/v15/progress_adjustments", Adjustment(campaign, 1, email: "nobody@example.test"), token);
        Assert.Equal((HttpStatusCode)422, unknownEmail.Status);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""[{"error":{"message":"Email does not match any User","object":"progress_adjustment","property":"email"}}]"""),
            JsonNode.Parse(unknownEmail.Body)));

        var fraction = await PostAsync(client.Http, "/v15/progress_adjustments", Adjustment(campaign, 1.5, userId: member.Id), token);
        Assert.Equal((HttpStatusCode)422, fraction.Status);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""[{"error":{"message":"Adjustment must be an integer","object":"progress_adjustment","property":"adjustment"}}]"""),
            JsonNode.Parse(fraction.Body)));
        Assert.Equal((HttpStatusCode)422, (await PostAsync(client.Http, "/v15/progress_adjustments", Adjustment(campaign, "1", userId: member.Id), token)).Status);
        // A campaign the token cannot use, whether another merchant's or nobody's, is the seed's 401 (docs/spec-choices.md).
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(client.Http, "/v15/progress_adjustments", Adjustment(987654, 1, userId: member.Id), token)).Status);
        Assert.Equal((HttpStatusCode)422, (await PostAsync(client.Http, "/v15/progress_adjustments", Adjustment(campaign, 1, userId: 987654), token)).Status);
        Assert.Equal((HttpStatusCode)422, (await PostAsync(client.Http, "/v15/progress_adjustments", Adjustment(campaign, 1), token)).Status);
    }

    [Trait("Category", "Slow")]
    [Theory, AllEngines]
    public async Task Missing_invalid_unpermitted_or_foreign_tokens_are_401(string engine)
    {
        var app = TesseraApp.Shared(engine);
        var chain = await app.BootstrapAsync();
        var other = await app.BootstrapAsync();
        var (_, campaign) = await CampaignsAsync(chain, """{"type":"progress","title":"Visits","progress_unit":"visits","target":5,"reward_money":1,"recipient_campaign_id":{{wallet}}}""");
        var member = await chain.AddMemberAsync();
        using var client = app.Client();
        var body = Adjustment(campaign, 1, userId: member.Id);

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(client.Http, "/v15/progress_adjustments", body)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(client.Http, "/v15/progress_adjustments", body, "1-" + new string('a', 64))).Status);

        var (reader, password) = await chain.AddAdminAsync(read: true);
        var readOnlyToken = await TokenAsync(chain, reader.Username, password);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(client.Http, "/v15/progress_adjustments", body, readOnlyToken)).Status);

        var foreignToken = await TokenAsync(other);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(client.Http, "/v15/progress_adjustments", body, foreignToken)).Status);
        Assert.Equal(0, await app.WithDbAsync(db => db.ProgressAdjustments.CountAsync(a => a.UserId == member.Id)));
    }

    [Theory, AllEngines]
    public async Task Access_tokens_need_a_known_key_and_the_admins_credentials(string engine)
    {
        var app = TesseraApp.Shared(engine);
        var chain = await app.BootstrapAsync();
        var other = await app.BootstrapAsync();
        using var client = app.Client();
        var keyId = chain.PrivilegedKey.Split(':')[0];
        string Body(string key, string user, string pass) =>
            new JsonObject { ["access_token"] = new JsonObject { ["api_key"] = key, ["username"] = user, ["password"] = pass } }.ToJsonString();

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(client.Http, "/v15/access_tokens", Body("unknown-key", chain.AdminUsername, chain.AdminPassword))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(client.Http, "/v15/access_tokens", Body(keyId, chain.AdminUsername, "wrong-password"))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(client.Http, "/v15/access_tokens", Body(keyId, other.AdminUsername, other.AdminPassword))).Status);
        var blank = await PostAsync(client.Http, "/v15/access_tokens", """{"access_token":{"api_key":"x","username":"","password":"y"}}""");
        Assert.Equal((HttpStatusCode)422, blank.Status);
        Assert.Equal("username", JsonNode.Parse(blank.Body)![0]!["error"]!["property"]!.GetValue<string>());
        using var json = JsonDocument.Parse((await PostAsync(client.Http, "/v15/access_tokens", Body(keyId, chain.AdminUsername, chain.AdminPassword))).Body);
        Assert.Equal(chain.Result.AdminUserId, json.RootElement.GetProperty("access_token").GetProperty("user_id").GetInt32());
    }
}
