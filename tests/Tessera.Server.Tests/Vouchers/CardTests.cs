using System.Globalization;
using System.Text.Json;
using Tessera.Server.Protocol;
using Tessera.Server.Tests.Campaigns;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Vouchers;

public sealed class CardTests
{
    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private sealed record Card(TestChain Chain, Tessera.Server.Data.Entities.User Member, int Wallet, int Points, int Progress, int Loyalty);

    /// <summary>A member with vouchers of every type, a wallet and points balance, progress, a level and a note.</summary>
    private static async Task<Card> RichMemberAsync(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        using var admin = await chain.AdminClientAsync();
        const string localisations = """{"title":{"nl":{"default":"Geld Wallet","nl-NL":"Geld Wallet NL"}}}""";
        var wallet = (await CampaignTests.AddCampaignAsync(admin, chain.ChainId, $$"""{"type":"wallet","title":"Money Wallet","field_localisations":{{JsonSerializer.Serialize(localisations)}}}""")).GetProperty("id").GetInt32();
        var points = (await CampaignTests.AddCampaignAsync(admin, chain.ChainId, """{"type":"points_wallet","title":"Points Wallet"}""")).GetProperty("id").GetInt32();
        var progress = (await CampaignTests.AddCampaignAsync(admin, chain.ChainId, $$"""{"type":"progress","title":"Hit The Target","progress_unit":"visits","target":4,"reward_money":25,"recipient_campaign_id":{{wallet}}}""")).GetProperty("id").GetInt32();
        await CampaignTests.AddCampaignAsync(admin, chain.ChainId, $$"""{"type":"cashback","title":"Rewards Programme","earn_percentage":5,"recipient_campaign_id":{{wallet}}}""");
        await CampaignTests.AddCampaignAsync(admin, chain.ChainId, """{"type":"signup","title":"Signup Bonus","signup_amount":100}""");
        await CampaignTests.AddCampaignAsync(admin, chain.ChainId, """{"type":"birthday","title":"Birthday","gift_amount":10,"days_before":7}""");
        await CampaignTests.AddCampaignAsync(admin, chain.ChainId, """{"type":"affiliate","title":"Invite Friends!","sender_reward_amount":5}""");
        var loyalty = (await CampaignTests.AddCampaignAsync(admin, chain.ChainId, $$"""{"type":"loyalty","title":"Big Chain Loyalty","operand_campaign_id":{{points}},"loyalty_levels":[{"name":"bronze"},{"name":"silver"}],"loyalty_rules":[{"type":"initial","action":"setLevel","level":"bronze"},{"type":"points_tracker","action":"setLevel","direction":"up","points_threshold":250,"level":"silver"}]}""")).GetProperty("id").GetInt32();
        var member = await chain.AddMemberAsync();
        using var privileged = chain.PrivilegedClient();
        await privileged.PostAsync("/auth/add-user-purchase-progress", ("user_id", Id(member.Id)), ("campaign_id", Id(wallet)), ("amount", "30"), ("log_message", "x"));
        await privileged.PostAsync("/auth/add-user-purchase-progress", ("user_id", Id(member.Id)), ("campaign_id", Id(points)), ("amount", "442"), ("log_message", "x"));
        (await privileged.PostAsync("/create-voucher", ("user_id", Id(member.Id)), ("campaign_id", Id(wallet)), ("voucher_amount", "10"))).AssertOk("create-voucher");
        (await privileged.PostAsync("/create-voucher", ("user_id", Id(member.Id)), ("campaign_id", Id(loyalty)), ("voucher_type", "basket_pct"), ("voucher_discount_ratio", "0.1"))).AssertOk("create-voucher");
        (await privileged.PostAsync("/create-voucher", ("user_id", Id(member.Id)), ("campaign_id", Id(loyalty)), ("voucher_type", "honour"), ("voucher_honour_code", "HON00421"))).AssertOk("create-voucher");
        (await admin.PostAsync("/internal/add-user-note", ("user_id", Id(member.Id)), ("text", "Customer was very happy with the new jeans"))).AssertOk("add-user-note");
        return new Card(chain, member, wallet, points, progress, loyalty);
    }

    [Theory, AllEngines]
    public async Task Get_card_shows_the_whole_card_of_the_sample(string engine)
    {
        var c = await RichMemberAsync(engine);
        using var member = (await c.Chain.LoginAsync(c.Member.Username, "member-secret", withApp: true)).Header("Accept-Language", "nl-NL");

        var response = await member.GetAsync("/get-card");

        response.AssertOk("get-user-entity-card");
        var card = response.Results;
        string[] sampleFields =
        [
            "entity", "entity_images", "card_colour", "user_entity_card", "user_info", "vouchers", "meta_vouchers", "basket_vouchers",
            "honour_vouchers", "promotions", "points", "wallet", "loyalty_status", "frequency", "recency", "monetary", "overall", "stores",
            "online_shopper", "offline_shopper", "average_basket_value", "days_since_last_purchase", "number_of_purchases", "referring_user", "notes",
        ];
        foreach (var field in sampleFields)
        {
            Assert.True(card.TryGetProperty(field, out _), $"card lacks {field}");
        }
        Assert.Equal(c.Chain.ChainId, card.GetProperty("entity").GetProperty("id").GetInt32());
        Assert.Equal("chain", card.GetProperty("entity").GetProperty("type").GetString());
        Assert.Equal(c.Member.Id, card.GetProperty("user_info").GetProperty("user_id").GetInt32());

        var basket = card.GetProperty("basket_vouchers").EnumerateArray().ToList();
        // The signup campaign has no wallet: its reward is the first voucher.
        Assert.Equal(["basket", "basket", "basket_pct"], basket.Select(v => v.GetProperty("voucher_type").GetString()));
        Assert.Equal(("Signup Bonus", 100m), (basket[0].GetProperty("campaign_title").GetString(), basket[0].GetProperty("voucher_amount").GetDecimal()));
        Assert.Equal("Money Wallet", basket[1].GetProperty("campaign_title").GetString());
        Assert.Equal("Geld Wallet NL", basket[1].GetProperty("campaign_title_localised").GetString());
        Assert.Equal(10m, basket[1].GetProperty("voucher_amount").GetDecimal());
        Assert.True(basket[1].TryGetProperty("creating_user", out _));
        Assert.Equal("HON00421", Assert.Single(card.GetProperty("honour_vouchers").EnumerateArray()).GetProperty("voucher_honour_code").GetString());

        Assert.Equal(20m, card.GetProperty("wallet").GetProperty("saved_amount").GetDecimal());
        Assert.Equal(20m, card.GetProperty("wallet").GetProperty("total_amount").GetDecimal());
        Assert.Equal("Geld Wallet NL", card.GetProperty("wallet").GetProperty("title_localised").GetString());
        Assert.Equal(442m, card.GetProperty("points").GetProperty("saved_amount").GetDecimal());
        Assert.Equal("PTS", card.GetProperty("points").GetProperty("currency").GetString());
        Assert.Equal("silver", card.GetProperty("loyalty_status").GetProperty("name").GetString());

        var promotions = card.GetProperty("promotions");
        var progress = promotions.GetProperty("progress").EnumerateArray().ToList();
        Assert.Equal(["simple", "cashback"], progress.Select(p => p.GetProperty("type").GetString()));
        Assert.Equal(4m, progress[0].GetProperty("progress").GetProperty("target").GetDecimal());
        Assert.Equal(5m, progress[1].GetProperty("earn_percentage").GetDecimal());
        Assert.Equal(c.Member.ReferralCode, Assert.Single(promotions.GetProperty("referral").EnumerateArray()).GetProperty("code").GetString());
        Assert.Equal(100m, Assert.Single(promotions.GetProperty("signup").EnumerateArray()).GetProperty("signup_amount").GetDecimal());
        Assert.Equal(7, Assert.Single(promotions.GetProperty("birthday").EnumerateArray()).GetProperty("days_before").GetInt32());
        var loyalty = Assert.Single(promotions.GetProperty("loyalty").EnumerateArray());
        Assert.Equal(c.Loyalty, loyalty.GetProperty("id").GetInt32());

        var note = Assert.Single(card.GetProperty("notes").EnumerateArray());
        Assert.Equal("Customer was very happy with the new jeans", note.GetProperty("text").GetString());
        Assert.Equal(c.Member.Id, note.GetProperty("user").GetProperty("user_id").GetInt32());
        Assert.Equal(c.Chain.Result.AdminUserId, note.GetProperty("creating_user").GetProperty("user_id").GetInt32());
    }

    [Theory, AllEngines]
    public async Task Progress_shows_what_was_achieved(string engine)
    {
        var c = await RichMemberAsync(engine);
        await c.Chain.App.WithDbAsync(db =>
        {
            db.CampaignProgress.Add(new Tessera.Server.Data.Entities.CampaignProgress { UserId = c.Member.Id, CampaignId = c.Progress, Progress = 2, UpdatedAt = DateTime.UtcNow });
            return db.SaveChangesAsync();
        });
        using var privileged = c.Chain.PrivilegedClient();
        var simple = (await privileged.GetAsync("/get-card", ("user_id", Id(c.Member.Id)))).Results.GetProperty("promotions").GetProperty("progress")[0].GetProperty("progress");
        Assert.Equal(2m, simple.GetProperty("achieved").GetDecimal());
        Assert.Equal(50, simple.GetProperty("percentage").GetInt32());
    }

    [Theory, AllEngines]
    public async Task Get_user_vouchers_lists_available_vouchers_and_with_filter_all_the_used_ones_too(string engine)
    {
        var c = await RichMemberAsync(engine);
        using var admin = await c.Chain.AdminClientAsync();
        var who = new[] { ("chain_id", Id(c.Chain.ChainId)), ("user_id", Id(c.Member.Id)) };
        var response = await admin.GetAsync("/get-user-vouchers", who);
        response.AssertOk("get-user-vouchers");
        foreach (var field in new[] { "basket_vouchers", "honour_vouchers", "var_price_vouchers", "promotions", "wallet" })
        {
            Assert.True(response.Results.TryGetProperty(field, out _), $"get-user-vouchers lacks {field}");
        }
        Assert.Equal(3, response.Results.GetProperty("basket_vouchers").GetArrayLength());
        Assert.True(response.Results.GetProperty("promotions").TryGetProperty("affiliate", out _));
        Assert.True(response.Results.GetProperty("promotions").TryGetProperty("limited_cashback_contribution", out _));

        var first = response.Results.GetProperty("basket_vouchers")[0].GetProperty("voucher_key").GetString()!;
        (await admin.PutAsync("/expire-voucher", ("voucher_key", first))).AssertError(ErrorCodes.InvalidVoucherStatus);
        await admin.PostAsync("/claim-voucher", ("voucher_key", first));
        (await admin.PutAsync("/expire-voucher", ("voucher_key", first))).AssertOk("expire-voucher");
        Assert.Equal(2, (await admin.GetAsync("/get-user-vouchers", who)).Results.GetProperty("basket_vouchers").GetArrayLength());
        Assert.Equal(3, (await admin.GetAsync("/get-user-vouchers", [.. who, ("filter", "all")])).Results.GetProperty("basket_vouchers").GetArrayLength());
        (await admin.GetAsync("/get-user-vouchers", [.. who, ("filter", "some")])).AssertError(ErrorCodes.ParameterNotInWhitelist);
    }

    [Theory, AllEngines]
    public async Task Cards_are_for_the_member_its_chains_admins_and_privileged_client(string engine)
    {
        var c = await RichMemberAsync(engine);
        var other = await TesseraApp.Shared(engine).BootstrapAsync();
        using var otherAdmin = await other.AdminClientAsync();
        (await otherAdmin.GetAsync("/get-card", ("chain_id", Id(c.Chain.ChainId)), ("user_id", Id(c.Member.Id)))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
        (await otherAdmin.GetAsync("/get-card", ("chain_id", Id(other.ChainId)), ("user_id", Id(c.Member.Id)))).AssertError(ErrorCodes.UserNotFound);
        using var otherPrivileged = other.PrivilegedClient();
        (await otherPrivileged.GetAsync("/get-user-vouchers", ("user_id", Id(c.Member.Id)))).AssertError(ErrorCodes.UserNotFound);
        using var anonymous = c.Chain.App.Client().App(c.Chain.Hostname);
        (await anonymous.GetAsync("/get-card")).AssertError(ErrorCodes.NoValidSession);
        using var privileged = c.Chain.PrivilegedClient();
        (await privileged.GetAsync("/get-card", ("username", "not-an-email"))).AssertError(ErrorCodes.UsernameInvalid);
        (await privileged.GetAsync("/get-card", ("username", c.Member.Username))).AssertOk("get-user-entity-card");
    }
}
