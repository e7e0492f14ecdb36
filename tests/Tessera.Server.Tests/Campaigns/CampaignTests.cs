using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Domain.Campaigns;
using Tessera.Server.Protocol;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Campaigns;

public sealed class CampaignTests
{
    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    public static async Task<JsonElement> AddCampaignAsync(SpaazaClient client, int chainId, string json)
    {
        var body = JsonNode.Parse(json)!.AsObject();
        body["chain_id"] = chainId;
        var response = await client.SendJsonAsync(HttpMethod.Post, "/internal/add-campaign", body.ToJsonString());
        response.AssertOk("add-campaign");
        return response.Results.GetProperty("campaign");
    }

    /// <summary>A minimal valid campaign of each type, with the fields that make the type what it is.</summary>
    public static IEnumerable<object[]> EveryType() =>
    [
        ["wallet", """{"type":"wallet","title":"Money Wallet","balance_can_subzero":true,"max_manual_daily_amount":200.00,"rounding_strategy":"neutral","rounding_precision":2,"secondary_display_currency":"PTN","secondary_display_currency_symbol":"PTN","secondary_display_multiplication_factor":40,"secondary_display_rounding_precision":0,"created_voucher_claimed_by_default":true,"voucher_expiry_days":0,"spend_on_promotional_items":false}"""],
        ["points_wallet", """{"type":"points_wallet","title":"Points Wallet","operator_type":"or","max_manual_daily_amount":200.00,"spend_on_promotional_items":true,"balance_can_subzero":true,"rounding_strategy":"round_down","rounding_precision":2,"is_redeemable":false}"""],
        ["cashback", """{"type":"cashback","title":"Earn as you spend","earn_percentage":5,"supports_contribution":true,"is_contributor":true}"""],
        ["progress", """{"type":"progress","title":"Hit The Target","target":200,"reward_money":25,"progress_unit":"visits"}"""],
        ["purchase_count", """{"type":"purchase_count","title":"Fifth purchase","purchase_count":5,"minimum_basket_value":20.5,"reward_money":10}"""],
        ["signup", """{"type":"signup","title":"Signup Bonus","signup_amount":100.00,"voucher_text":"Your bonus voucher"}"""],
        ["birthday", """{"type":"birthday","title":"Happy birthday","gift_amount":10,"days_before":7}"""],
        ["affiliate", """{"type":"affiliate","title":"Invite Friends!","sender_reward_amount":10,"recipient_reward_amount":5,"recipient_reward_discount_ratio":0.1,"sender_reward_discount_ratio":0.2,"reward_on_first_purchase":true}"""],
        ["profile_completion", """{"type":"profile_completion","title":"Complete your profile","required_fields":["birthday","phone_number"],"reward_money":2.5}"""],
        ["interaction", """{"type":"interaction","title":"Scan the poster","max_interactions_per_user":1,"reward_money":1}"""],
        ["login", """{"type":"login","title":"First login","client_types":["mobile"],"reward_money":1}"""],
        ["basket", """{"type":"basket","title":"10% off","voucher_discount_ratio":0.1,"minimum_basket_value":50}"""],
        ["product", """{"type":"product","title":"Jeans deal","product_codes":["SKU-1","SKU-2"],"voucher_discount_ratio":0.25}"""],
        ["loyalty", """{"type":"loyalty","title":"Big Chain Loyalty","voucher_text":"Your loyalty voucher","loyalty_levels":[{"name":"bronze","description":"Initial level in programme"},{"name":"silver","description":"Second level in programme"}],"loyalty_rules":[{"title":"Join","type":"initial","action":"setLevel","level":"bronze","action_is_repeatable":false},{"title":"Up to silver","type":"points_tracker","action":"setLevel","direction":"up","points_threshold":250,"level":"silver"}],"review_cycle_months":12}"""],
    ];

    [Trait("Category", "Slow")]
    [Theory, MemberData(nameof(EveryType))]
    public async Task Every_campaign_type_round_trips_through_add_get_and_list(string type, string json)
    {
        foreach (var engine in Engines.All)
        {
            var chain = await TesseraApp.Shared(engine).BootstrapAsync();
            using var admin = await chain.AdminClientAsync();
            var added = await AddCampaignAsync(admin, chain.ChainId, json);
            Assert.Equal(type, added.GetProperty("type").GetString());
            var id = added.GetProperty("id").GetInt32();

            var fetched = await admin.GetAsync("/internal/get-campaign", ("campaign_id", Id(id)));
            fetched.AssertOk("get-campaign");
            var campaign = fetched.Results.GetProperty("campaign");
            foreach (var (name, value) in JsonNode.Parse(json)!.AsObject())
            {
                if (name is "loyalty_levels" or "loyalty_rules")
                {
                    continue;
                }
                Assert.True(JsonNode.DeepEquals(value, JsonNode.Parse(campaign.GetProperty(name).GetRawText())), $"{type}.{name}: sent {value?.ToJsonString()}, got {campaign.GetProperty(name).GetRawText()}");
            }
            Assert.Equal(chain.ChainId, campaign.GetProperty("chain_id").GetInt32());
            Assert.True(campaign.GetProperty("active").GetBoolean());
            Assert.True(campaign.GetProperty("is_active").GetBoolean());
            Assert.Matches(@"\+00:00$", campaign.GetProperty("created_date").GetString());

            var listed = await admin.GetAsync("/internal/get-campaigns", ("chain_id", Id(chain.ChainId)), ("type", type));
            Assert.Equal([id], listed.Results.GetProperty("campaigns").EnumerateArray().Select(c => c.GetProperty("id").GetInt32()));
        }
    }

    [Theory, AllEngines]
    public async Task A_loyalty_campaign_creates_its_levels_and_rules_point_at_them(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        using var admin = await chain.AdminClientAsync();
        var loyalty = await AddCampaignAsync(admin, chain.ChainId, (string)EveryType().Single(t => (string)t[0] == "loyalty")[1]);
        var levels = loyalty.GetProperty("loyalty_levels").EnumerateArray().ToList();
        Assert.Equal(["bronze", "silver"], levels.Select(l => l.GetProperty("name").GetString()));
        Assert.All(levels, l => Assert.Equal(loyalty.GetProperty("id").GetInt32(), l.GetProperty("campaign_id").GetInt32()));
        var rules = loyalty.GetProperty("loyalty_rules").EnumerateArray().ToList();
        Assert.Equal(levels[0].GetProperty("id").GetInt32(), rules[0].GetProperty("loyalty_level_id").GetInt32());
        Assert.Equal(levels[1].GetProperty("id").GetInt32(), rules[1].GetProperty("loyalty_level_id").GetInt32());
        Assert.Equal([1, 2], rules.Select(r => r.GetProperty("id").GetInt32()));

        // The members feature's alter-loyalty-level now accepts these levels.
        var member = await chain.AddMemberAsync();
        (await admin.PutAsync("/auth/alter-loyalty-level", ("user_id", Id(member.Id)), ("loyalty_level_id", Id(levels[1].GetProperty("id").GetInt32()))))
            .AssertOk("alter-user-loyalty-level");
    }

    [Theory]
    [InlineData("""{"type":"lottery","title":"x"}""", 403)]
    [InlineData("""{"title":"no type"}""", 3)]
    [InlineData("""{"type":"wallet"}""", 3)]
    [InlineData("""{"type":"wallet","title":"x","balance_can_subzero":"yes"}""", 412)]
    [InlineData("""{"type":"wallet","title":"x","max_manual_daily_amount":"200"}""", 412)]
    [InlineData("""{"type":"wallet","title":"x","voucher_expiry_days":1.5}""", 423)]
    [InlineData("""{"type":"wallet","title":"x","rounding_precision":"2"}""", 423)]
    [InlineData("""{"type":"wallet","title":"x","rounding_strategy":"sideways"}""", 419)]
    [InlineData("""{"type":"wallet","title":"x","rounding_precision":3}""", 419)]
    [InlineData("""{"type":"points_wallet","title":"x","operator_type":"xor"}""", 263)]
    [InlineData("""{"type":"progress","title":"x","progress_unit":"kilometres"}""", 419)]
    [InlineData("""{"type":"progress","title":"x","start_date":"next tuesday"}""", 419)]
    [InlineData("""{"type":"signup","title":"x","field_localisations":"{broken"}""", 419)]
    [InlineData("""{"type":"affiliate","title":"x","recipient_reward_discount_ratio":1.5}""", 459)]
    [InlineData("""{"type":"affiliate","title":"x","sender_reward_discount_ratio":1.01}""", 460)]
    [InlineData("""{"type":"basket","title":"x","voucher_discount_ratio":2}""", 461)]
    [InlineData("""{"type":"cashback","title":"x","earn_percentage":150}""", 419)]
    [InlineData("""{"type":"cashback","title":"x","recipient_campaign_id":999999}""", 409)]
    [InlineData("""{"type":"loyalty","title":"x","loyalty_rules":[{"type":"initial","action":"setLevel","level":"gold"}]}""", 419)]
    [InlineData("""{"type":"loyalty","title":"x","loyalty_rules":[{"type":"yearly","action":"setLevel"}]}""", 419)]
    [InlineData("""{"type":"wallet","title":"x","currency":"XYZ"}""", 419)]
    public async Task Invalid_configurations_are_refused_with_their_code(string json, int code)
    {
        var chain = await TesseraApp.Shared(Engines.Sqlite).BootstrapAsync();
        using var admin = await chain.AdminClientAsync();
        var body = JsonNode.Parse(json)!.AsObject();
        body["chain_id"] = chain.ChainId;
        var response = await admin.SendJsonAsync(HttpMethod.Post, "/internal/add-campaign", body.ToJsonString());
        response.AssertError(ErrorCodes.Find(code)!);
        var listed = await admin.GetAsync("/internal/get-campaigns", ("chain_id", Id(chain.ChainId)));
        Assert.Empty(listed.Results.GetProperty("campaigns").EnumerateArray());
    }

    [Theory, AllEngines]
    public async Task Alter_campaign_changes_fields_but_not_the_type_and_delete_deactivates(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        using var admin = await chain.AdminClientAsync();
        var id = (await AddCampaignAsync(admin, chain.ChainId, """{"type":"cashback","title":"Earn","earn_percentage":5}""")).GetProperty("id").GetInt32();

        var altered = await admin.SendJsonAsync(HttpMethod.Put, "/internal/alter-campaign", $$"""{"campaign_id":{{id}},"title":"Earn more","earn_percentage":7.5}""");
        altered.AssertOk("alter-campaign");
        Assert.Equal("Earn more", altered.Results.GetProperty("campaign").GetProperty("title").GetString());
        Assert.Equal(7.5m, altered.Results.GetProperty("campaign").GetProperty("earn_percentage").GetDecimal());

        (await admin.SendJsonAsync(HttpMethod.Put, "/internal/alter-campaign", $$"""{"campaign_id":{{id}},"type":"wallet"}""")).AssertError(ErrorCodes.UpdateNotPermitted);
        (await admin.SendJsonAsync(HttpMethod.Put, "/internal/alter-campaign", """{"title":"no id"}""")).AssertError(ErrorCodes.HttpVarsMissing);
        (await admin.SendJsonAsync(HttpMethod.Put, "/internal/alter-campaign", """{"campaign_id":987654,"title":"x"}""")).AssertError(ErrorCodes.CampaignNotFound);

        var deleted = await admin.DeleteAsync("/internal/delete-campaign", ("campaign_id", Id(id)));
        deleted.AssertOk("delete-campaign");
        Assert.False(deleted.Results.GetProperty("campaign").GetProperty("active").GetBoolean());
        var active = await admin.GetAsync("/internal/get-campaigns", ("chain_id", Id(chain.ChainId)), ("active", "true"));
        Assert.Empty(active.Results.GetProperty("campaigns").EnumerateArray());
        var inactive = await admin.GetAsync("/internal/get-campaigns", ("chain_id", Id(chain.ChainId)), ("active", "false"));
        Assert.Single(inactive.Results.GetProperty("campaigns").EnumerateArray());
    }

    [Theory, AllEngines]
    public async Task Localised_fields_follow_accept_language(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        using var admin = await chain.AdminClientAsync();
        const string localisations = """{"title":{"en":{"default":"Big Chain Hit The Target Campaign"},"nl":{"default":"Big Chain Bereiken Campagne","nl-NL":"Big Chain Bereiken Campagne NL"}}}""";
        var body = new JsonObject { ["type"] = "progress", ["title"] = "Hit The Target", ["target"] = 200, ["field_localisations"] = localisations };
        var id = (await AddCampaignAsync(admin, chain.ChainId, body.ToJsonString())).GetProperty("id").GetInt32();

        var plain = await admin.GetAsync("/internal/get-campaign", ("campaign_id", Id(id)));
        Assert.False(plain.Results.GetProperty("campaign").TryGetProperty("title_localised", out _));
        Assert.Equal(localisations, plain.Results.GetProperty("campaign").GetProperty("field_localisations").GetString());

        admin.Header("Accept-Language", "nl-NL,nl;q=0.9,en;q=0.8");
        var dutch = await admin.GetAsync("/internal/get-campaign", ("campaign_id", Id(id)));
        Assert.Equal("Big Chain Bereiken Campagne NL", dutch.Results.GetProperty("campaign").GetProperty("title_localised").GetString());
    }

    [Theory, AllEngines]
    public async Task Campaigns_need_write_on_their_chain_and_never_cross_chains(string engine)
    {
        var app = TesseraApp.Shared(engine);
        var a = await app.BootstrapAsync();
        var b = await app.BootstrapAsync();
        using var adminB = await b.AdminClientAsync();
        var campaignOfB = (await AddCampaignAsync(adminB, b.ChainId, """{"type":"wallet","title":"B's wallet"}""")).GetProperty("id").GetInt32();

        using var adminA = await a.AdminClientAsync();
        (await adminA.SendJsonAsync(HttpMethod.Post, "/internal/add-campaign", $$"""{"chain_id":{{b.ChainId}},"type":"wallet","title":"x"}""")).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
        (await adminA.GetAsync("/internal/get-campaign", ("campaign_id", Id(campaignOfB)))).AssertError(ErrorCodes.CampaignNotFound);
        (await adminA.GetAsync("/internal/get-campaigns", ("chain_id", Id(b.ChainId)))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
        (await adminA.SendJsonAsync(HttpMethod.Put, "/internal/alter-campaign", $$"""{"campaign_id":{{campaignOfB}},"title":"hijacked"}""")).AssertError(ErrorCodes.CampaignNotFound);
        (await adminA.DeleteAsync("/internal/delete-campaign", ("campaign_id", Id(campaignOfB)))).AssertError(ErrorCodes.CampaignNotFound);

        using var privilegedA = a.PrivilegedClient();
        (await privilegedA.SendJsonAsync(HttpMethod.Post, "/internal/add-campaign", $$"""{"chain_id":{{b.ChainId}},"type":"wallet","title":"x"}""")).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
        (await privilegedA.GetAsync("/internal/get-campaign", ("campaign_id", Id(campaignOfB)))).AssertError(ErrorCodes.CampaignNotFound);
        (await privilegedA.SendJsonAsync(HttpMethod.Post, "/internal/add-campaign", """{"type":"wallet","title":"A's own"}""")).AssertOk("add-campaign");

        var (reader, password) = await b.AddAdminAsync(read: true);
        using var readOnly = await b.LoginAsync(reader.Username, password, withApp: false);
        (await readOnly.GetAsync("/internal/get-campaign", ("campaign_id", Id(campaignOfB)))).AssertOk("get-campaign");
        (await readOnly.SendJsonAsync(HttpMethod.Put, "/internal/alter-campaign", $$"""{"campaign_id":{{campaignOfB}},"title":"x"}""")).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
        Assert.Equal("B's wallet", (await adminB.GetAsync("/internal/get-campaign", ("campaign_id", Id(campaignOfB)))).Results.GetProperty("campaign").GetProperty("title").GetString());
    }

    [Fact]
    public void Every_type_of_the_issue_is_known() =>
        Assert.Equal(CampaignTypes.All.Order(), EveryType().Select(t => (string)t[0]).Order());
}
