using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tessera.Server.Tests.Infrastructure;
using static Tessera.Server.Tests.Events.EventSetup;

namespace Tessera.Server.Tests.Events;

/// <summary>
/// Each event type, caused through the API, against the spec's webhook sample (SpecData/*-webhook-sample.txt): every
/// field of the sample with its JSON type, and no field beyond it but those docs/spec-choices.md lists.
/// </summary>
public sealed class EventBodyTests
{
    /// <summary>What a user event adds to the user webhook's sample: the member objects the other webhooks carry.</summary>
    private static readonly string[] UserEventExtras =
        [".chain_id", ".data.user_id", ".data.member_number", ".data.mailing_list", ".data.opt_in_programme", ".data.loyalty_status"];

    /// <summary>The voucher sample's user lacks fields the other samples' users have; Tessera's user object is one.</summary>
    private static readonly string[] VoucherEventExtras =
        [".data.user.language", ".data.user.opt_in_programme.join_date", ".data.user.opt_in_secondary", ".data.user.push_notification_subscription"];

    private static void AssertEnvelope(JsonElement body, string type)
    {
        Assert.Equal(type, body.GetProperty("type").GetString());
        Assert.Matches("^[0-9a-f]{20}$", body.GetProperty("id").GetString());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", body.GetProperty("created").GetString());
    }

    private static void AssertSample(string file, JsonElement body, params string[] extras)
    {
        var sample = SpecSamples.Read(file);
        SpecSamples.AssertShape(sample, body);
        Assert.Equal(extras.Order(StringComparer.Ordinal), SpecSamples.ExtraFields(sample, body).Order(StringComparer.Ordinal));
    }

    [Theory, AllEngines]
    public async Task Adding_a_member_writes_shopper_created_as_the_user_webhook_sample(string engine)
    {
        var s = await CreateAsync(TesseraApp.Shared(engine));

        var body = Assert.Single(await OutboxReader.BodiesAsync(s.Chain, "shopper.created"));

        AssertSample("user-webhook-sample.txt", body, UserEventExtras);
        AssertEnvelope(body, "shopper.created");
        Assert.Equal("event", body.GetProperty("object").GetString());
        Assert.Equal(s.Chain.ChainId, body.GetProperty("chain_id").GetInt32());
        var data = DataOf(body);
        Assert.Equal("shopper", data.GetProperty("object").GetString());
        Assert.Equal(s.MemberId, data.GetProperty("spaaza_id").GetInt32());
        Assert.Equal(s.Chain.ChainId, data.GetProperty("chain_id").GetInt32());
        Assert.Equal(s.MemberNumber, data.GetProperty("entity_code").GetString());
        Assert.Equal("1988-05-06", data.GetProperty("birthday").GetString());
        Assert.Equal("mobile", data.GetProperty("channel").GetString());
        Assert.Equal(s.Username, data.GetProperty("contact_email").GetString());
        Assert.True(data.GetProperty("did_opt_in").GetBoolean());
        Assert.Equal("1005 AT", data.GetProperty("address_postalcode").GetString());
        Assert.Equal(s.MemberNumber, data.GetProperty("member_number").GetProperty("code").GetString());
        Assert.Equal("custom", data.GetProperty("member_number").GetProperty("type").GetString());
        Assert.True(data.GetProperty("mailing_list").GetProperty("mailing_list_subscribed").GetBoolean());
    }

    [Theory, AllEngines]
    public async Task Changing_the_programme_opt_in_writes_shopper_opted_in_and_other_changes_do_not(string engine)
    {
        var s = await CreateAsync(TesseraApp.Shared(engine));
        using var client = s.Chain.PrivilegedClient();

        (await client.PutAsync("/internal/alter-user", ("user_id", Id(s.MemberId)), ("first_name", "Samuel"))).AssertOk("alter-user");
        Assert.Empty(await OutboxReader.BodiesAsync(s.Chain, "shopper.opted-in"));
        (await client.PutAsync("/internal/alter-user", ("user_id", Id(s.MemberId)), ("programme_opted_in", "false"))).AssertOk("alter-user");
        (await client.PutAsync("/internal/alter-user", ("user_id", Id(s.MemberId)), ("programme_opted_in", "false"))).AssertOk("alter-user");
        (await client.PutAsync("/internal/alter-user", ("user_id", Id(s.MemberId)), ("programme_opted_in", "true"))).AssertOk("alter-user");

        var bodies = await OutboxReader.BodiesAsync(s.Chain, "shopper.opted-in");
        Assert.Equal([false, true], bodies.Select(b => DataOf(b).GetProperty("did_opt_in").GetBoolean()));
        foreach (var body in bodies)
        {
            AssertSample("user-webhook-sample.txt", body, UserEventExtras);
            AssertEnvelope(body, "shopper.opted-in");
            Assert.Equal("Samuel", DataOf(body).GetProperty("firstname").GetString());
        }
        Assert.NotEqual(bodies[0].GetProperty("id").GetString(), bodies[1].GetProperty("id").GetString());
    }

    [Theory, AllEngines]
    public async Task Deleting_a_member_writes_shopper_deleted_with_the_obfuscated_member(string engine)
    {
        var s = await CreateAsync(TesseraApp.Shared(engine));
        using var admin = await s.Chain.AdminClientAsync();

        (await admin.DeleteAsync("/delete-user", ("chain_id", Id(s.Chain.ChainId)), ("user_id", Id(s.MemberId)))).AssertOk("delete-user");

        var body = Assert.Single(await OutboxReader.BodiesAsync(s.Chain, "shopper.deleted"));
        AssertEnvelope(body, "shopper.deleted");
        Assert.Equal(s.MemberId, DataOf(body).GetProperty("spaaza_id").GetInt32());
        Assert.Equal("Deleted", DataOf(body).GetProperty("firstname").GetString());
        Assert.Equal(JsonValueKind.Null, DataOf(body).GetProperty("address_streetname").ValueKind);
    }

    [Theory, AllEngines]
    public async Task Level_changes_by_points_and_by_an_admin_write_the_status_level_sample(string engine)
    {
        var s = await CreateAsync(TesseraApp.Shared(engine));
        await s.AddPointsAsync(s.Points, "300");
        using var admin = await s.Chain.AdminClientAsync();
        (await admin.PutAsync("/auth/alter-loyalty-level", ("user_id", Id(s.MemberId)), ("loyalty_level_id", Id(s.Levels["Gold"])))).AssertOk("alter-user-loyalty-level");
        var adminId = admin.Http.DefaultRequestHeaders.GetValues("session-user-id").Select(int.Parse).Single();

        var bodies = await OutboxReader.BodiesAsync(s.Chain, "shopper.loyalty-level-changed");

        // Joining (bronze), 300 points (silver), the admin (gold): each change once, with the member at its new level.
        Assert.Equal(["Bronze", "Silver", "Gold"], bodies.Select(b => DataOf(b).GetProperty("loyalty_level").GetProperty("name").GetString()));
        Assert.Equal(JsonValueKind.Null, DataOf(bodies[0]).GetProperty("loyalty_level_previous").ValueKind);
        Assert.Equal(["Initial level", "Level change by points", "Manual level change"], bodies.Select(b => DataOf(b).GetProperty("log_message").GetString()));
        var byPoints = DataOf(bodies[1]);
        Assert.Equal("Bronze", byPoints.GetProperty("loyalty_level_previous").GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, byPoints.GetProperty("mutation_owner_id").ValueKind);
        Assert.Equal(300m, byPoints.GetProperty("user").GetProperty("loyalty_status").GetProperty("points_balance_current").GetDecimal());
        Assert.Equal("Silver", byPoints.GetProperty("user").GetProperty("loyalty_status").GetProperty("name").GetString());

        var manual = bodies[2];
        AssertSample("loyalty-level-webhook-sample.txt", manual);
        AssertEnvelope(manual, "shopper.loyalty-level-changed");
        var data = DataOf(manual);
        Assert.Equal(adminId, data.GetProperty("mutation_owner_id").GetInt32());
        Assert.Equal(s.Loyalty, data.GetProperty("campaign_id").GetInt32());
        Assert.Equal(s.Levels["Gold"], data.GetProperty("loyalty_level").GetProperty("id").GetInt32());
        Assert.Equal("Silver", data.GetProperty("loyalty_level_previous").GetProperty("name").GetString());
        Assert.Equal("Gold", data.GetProperty("user").GetProperty("loyalty_status").GetProperty("name").GetString());
        Assert.Equal(s.MemberNumber, data.GetProperty("user").GetProperty("member_number").GetProperty("code").GetString());
        // Each change has its own id.
        Assert.Equal(3, bodies.Select(b => DataOf(b).GetProperty("id").GetInt64()).Distinct().Count());
    }

    [Theory, AllEngines]
    public async Task Every_voucher_issued_to_the_member_writes_the_voucher_webhook_sample(string engine)
    {
        var s = await CreateAsync(TesseraApp.Shared(engine));
        var (voucherId, key) = await s.CreateVoucherAsync(s.Loyalty, "7.50");

        var bodies = await OutboxReader.BodiesAsync(s.Chain, "shopper.voucher-issued");

        // The signup campaign's voucher and the admin's.
        var vouchers = await s.Chain.App.WithDbAsync(db => db.Vouchers.Where(v => v.UserId == s.MemberId).OrderBy(v => v.Id).Select(v => v.Id).ToListAsync());
        Assert.Equal(vouchers, bodies.Select(b => DataOf(b).GetProperty("voucher_id").GetInt64()));
        Assert.Equal("signup", DataOf(bodies[0]).GetProperty("campaign_type").GetString());
        Assert.Equal("Welcome Gift Voucher", DataOf(bodies[0]).GetProperty("campaign_title").GetString());
        Assert.Equal(5m, DataOf(bodies[0]).GetProperty("voucher_amount").GetDecimal());

        var body = bodies[1];
        AssertSample("voucher-webhook-sample.txt", body, VoucherEventExtras);
        AssertEnvelope(body, "shopper.voucher-issued");
        var data = DataOf(body);
        Assert.Equal(voucherId, data.GetProperty("voucher_id").GetInt64());
        Assert.Equal(key, data.GetProperty("voucher_key").GetString());
        Assert.Equal(7.5m, data.GetProperty("voucher_amount_original").GetDecimal());
        Assert.Equal("claimed", data.GetProperty("voucher_status").GetString());
        Assert.Equal("basket", data.GetProperty("type").GetString());
        Assert.Equal("€", data.GetProperty("voucher_currency_symbol").GetString());
        Assert.Equal(s.MemberId, data.GetProperty("user").GetProperty("user_id").GetInt32());
        Assert.Equal("Bronze", data.GetProperty("user").GetProperty("loyalty_status").GetProperty("name").GetString());
    }

    [Theory, AllEngines]
    public async Task A_wallet_voucher_and_the_remainder_a_basket_gives_back_write_the_points_mutation_sample(string engine)
    {
        var s = await CreateAsync(TesseraApp.Shared(engine));
        // 100.00 earns 10.00 cashback; a voucher of 8.00 is paid from it; a basket of 5.00 redeems 5.00 and gives 3.00 back.
        (await s.AddBasketAsync(s.Basket(Code(), TwoItems, 100m))).AssertOk("add-basket");
        var (voucherId, key) = await s.CreateVoucherAsync(s.Wallet, "8");
        var code = Code();
        (await s.AddBasketAsync(s.Basket(code, OneItem(5m), 5m, $$""","basket_vouchers":[{"voucher_key":"{{key}}"}]"""))).AssertOk("add-basket");

        var bodies = await OutboxReader.BodiesAsync(s.Chain, "shopper.points-mutation");

        Assert.Equal(["10.00", "-8.00", "3.00"], bodies.Select(b => DataOf(b).GetProperty("amount").GetString()));
        Assert.Equal(["earn", "spend", "earn"], bodies.Select(b => DataOf(b).GetProperty("earn_or_spend").GetString()));
        var earned = DataOf(bodies[0]);
        Assert.Equal("campaignContribution", earned.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Null, earned.GetProperty("voucher").ValueKind);
        Assert.Equal("cashback", earned.GetProperty("campaign").GetProperty("contributing_campaign").GetProperty("campaign_type").GetString());
        Assert.Equal(100m, earned.GetProperty("basket").GetProperty("total_value").GetDecimal());
        var paid = DataOf(bodies[1]);
        Assert.Equal(JsonValueKind.Null, paid.GetProperty("basket").ValueKind);
        Assert.Equal(voucherId, paid.GetProperty("voucher").GetProperty("voucher_id").GetInt64());

        var body = bodies[2];
        AssertSample("points-mutation-webhook-sample.txt", body);
        AssertEnvelope(body, "shopper.points-mutation");
        var data = DataOf(body);
        var entry = await s.Chain.App.WithDbAsync(db => db.LedgerEntries.Where(e => e.UserId == s.MemberId).OrderBy(e => e.Id).LastAsync());
        Assert.Equal(entry.Id, data.GetProperty("user_purchase_progress").GetProperty("id").GetInt64());
        Assert.Equal(entry.BasketId, data.GetProperty("basket").GetProperty("id").GetInt64());
        Assert.Equal(code, data.GetProperty("basket").GetProperty("retailer_basket_code").GetString());
        Assert.Equal("voucherRedemption", data.GetProperty("type").GetString());
        Assert.Equal(s.Wallet, data.GetProperty("campaign").GetProperty("campaign_id").GetInt32());
        Assert.Equal("wallet", data.GetProperty("campaign").GetProperty("campaign_type").GetString());
        var voucher = data.GetProperty("voucher");
        Assert.Equal(voucherId, voucher.GetProperty("voucher_id").GetInt64());
        Assert.Equal("redeemed", voucher.GetProperty("voucher_status").GetString());
        Assert.Equal(5m, voucher.GetProperty("voucher_amount_redeemed").GetDecimal());
        Assert.Equal("ACME wallet voucher", voucher.GetProperty("voucher_text").GetString());
        Assert.Equal(s.MemberId, data.GetProperty("user_id").GetInt32());
        Assert.Matches(@"^[0-9a-f]{13}\.\d{8}$", data.GetProperty("user_purchase_progress").GetProperty("uniqid").GetString());
    }
}
