using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tessera.Server.Tests.Campaigns;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Events;

/// <summary>
/// A chain with a money wallet (10% cashback into it), a loyalty programme on a points wallet (bronze on joining,
/// silver from 250 points, gold from 1000), a signup campaign giving a voucher, and a member with every profile field.
/// </summary>
public sealed record EventSetup(TestChain Chain, int Wallet, int Points, int Loyalty, IReadOnlyDictionary<string, int> Levels, int Signup, int MemberId, string MemberNumber, string Username)
{
    public static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    public static async Task<EventSetup> CreateAsync(TesseraApp app)
    {
        var chain = await app.BootstrapAsync();
        using var admin = await chain.AdminClientAsync();
        var wallet = (await CampaignTests.AddCampaignAsync(admin, chain.ChainId, """{"type":"wallet","title":"ACME Wallet","voucher_text":"ACME wallet voucher"}""")).GetProperty("id").GetInt32();
        await CampaignTests.AddCampaignAsync(admin, chain.ChainId, $$"""{"type":"cashback","title":"Store Rewards","earn_percentage":10,"recipient_campaign_id":{{wallet}}}""");
        var points = (await CampaignTests.AddCampaignAsync(admin, chain.ChainId, """{"type":"points_wallet","title":"Points Wallet","balance_can_subzero":false}""")).GetProperty("id").GetInt32();
        var loyalty = await CampaignTests.AddCampaignAsync(admin, chain.ChainId, $$"""
            {"type":"loyalty","title":"ACME Programme","operand_campaign_id":{{points}},"review_cycle_months":12,
             "loyalty_levels":[{"name":"Bronze","description":"Bronze level in the ACME Programme"},{"name":"Silver","description":"Silver level in the ACME Programme"},{"name":"Gold","description":"Gold level in the ACME Programme"}],
             "loyalty_rules":[
               {"title":"Join","type":"initial","action":"setLevel","level":"Bronze"},
               {"title":"Silver","type":"points_tracker","action":"setLevel","direction":"up","points_threshold":250,"level":"Silver"},
               {"title":"Gold","type":"points_tracker","action":"setLevel","direction":"up","points_threshold":1000,"level":"Gold"}]}
            """);
        var levels = loyalty.GetProperty("loyalty_levels").EnumerateArray().ToDictionary(l => l.GetProperty("name").GetString()!, l => l.GetProperty("id").GetInt32());
        var signup = (await CampaignTests.AddCampaignAsync(admin, chain.ChainId,
            """{"type":"signup","title":"Welcome Gift Voucher","signup_amount":5,"voucher_expiry_days":70,"created_voucher_claimed_by_default":true,"voucher_text":"New Acme Club Member"}""")).GetProperty("id").GetInt32();

        var username = $"sam-{Guid.NewGuid():N}@example.test";
        var number = "MN" + Guid.NewGuid().ToString("N")[..10];
        using var client = chain.PrivilegedClient().Header("X-Spaaza-Request", """{"client_channel":"mobile"}""");
        var added = await client.PostAsync("/internal/add-user",
            ("username", username), ("password", "member-secret"), ("first_name", "Sam"), ("last_name", "Critchley"), ("gender", "M"),
            ("birthday", "1988-05-06"), ("phone_number", "+31-220445641"), ("country_code", "NL"), ("language", "nl-NL"),
            ("member_number", number), ("authentication_point_identifier", "66141993"), ("auxiliary_identifier", "peb209883x"),
            ("address_streetname", "Nieuwe Nieuwstraat"), ("address_housenumber", "104"), ("address_housenumber_extension", "II"),
            ("address_line_2", "Kleine Buurt"), ("address_line_3", "Centrum"), ("address_towncity", "Hoek van Holland"),
            ("address_regionstate", "Zuid-Holland"), ("address_postalcode", "1005 AT"),
            ("mailing_list_subscribed", "true"), ("opt_in_secondary", "false"));
        added.AssertOk("add-user");
        var memberId = added.Results.GetProperty("user_info").GetProperty("user_id").GetInt32();
        // As if the programme had reviewed the member once, so that last_review_date has a value as in the samples.
        await chain.App.WithDbAsync(db => db.MemberLoyaltyLevels.Where(m => m.UserId == memberId)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.LastReviewDate, app.Clock.GetUtcNow().UtcDateTime.AddDays(-1))));
        return new EventSetup(chain, wallet, points, loyalty.GetProperty("id").GetInt32(), levels, signup, memberId, number, username);
    }

    /// <summary>An add-basket body for the member (or nobody), with <paramref name="extra"/> inside the basket object.</summary>
    public string Basket(string code, string items, decimal total, string extra = "", bool withMember = true)
    {
        var user = withMember ? $$"""{"member_programme":"spaaza","member_number":"{{MemberNumber}}"}""" : "null";
        return $$"""{"entity":{"entity_type":"chain","entity_id":{{Chain.ChainId}}},"user":{{user}},"basket":{"basket_platform_type":"online","retailer_basket_code":"{{code}}","basket_total_price":{{total.ToString(CultureInfo.InvariantCulture)}},"basket_currency":{"currency_code":"EUR"},"basket_items":{{items}}{{extra}}""" + "}}";
    }

    public async Task<SpaazaResponse> AddBasketAsync(string body)
    {
        using var privileged = Chain.PrivilegedClient();
        return await privileged.SendJsonAsync(HttpMethod.Post, "/auth/add-basket", body);
    }

    public async Task AddPointsAsync(int campaignId, string amount, SpaazaClient? by = null)
    {
        using var privileged = Chain.PrivilegedClient();
        (await (by ?? privileged).PostAsync("/auth/add-user-purchase-progress", ("user_id", Id(MemberId)), ("campaign_id", Id(campaignId)), ("amount", amount), ("log_message", "points by hand")))
            .AssertOk("add-user-purchase-progress");
    }

    /// <summary>A voucher created by the chain's admin (so it has a creating user); its id and key.</summary>
    public async Task<(long Id, string Key)> CreateVoucherAsync(int campaignId, string amount)
    {
        using var admin = await Chain.AdminClientAsync();
        var created = await admin.PostAsync("/create-voucher", ("user_id", Id(MemberId)), ("campaign_id", Id(campaignId)), ("voucher_amount", amount), ("set_claimed", "true"),
            ("voucher_text", "ACME wallet voucher"));
        created.AssertOk("create-voucher");
        var voucher = created.Results.TryGetProperty("voucher", out var inner) ? inner : created.Results;
        return (voucher.GetProperty("voucher_id").GetInt64(), voucher.GetProperty("voucher_key").GetString()!);
    }

    public const string TwoItems = """[{"item_barcode":"111","retailer_item_code":"line_0","item_quantity":2,"item_price":30.00},{"item_barcode":"222","retailer_item_code":"line_1","item_quantity":1,"item_price":40.00}]""";

    public static string OneItem(decimal price) =>
        $$"""[{"item_barcode":"333","retailer_item_code":"line_0","item_quantity":1,"item_price":{{price.ToString(CultureInfo.InvariantCulture)}}}]""";

    public static string Code() => "EV-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The <c>data</c> of a body.</summary>
    public static JsonElement DataOf(JsonElement body) => body.GetProperty("data");
}
