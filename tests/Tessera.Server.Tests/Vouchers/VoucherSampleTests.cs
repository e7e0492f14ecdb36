using System.Globalization;
using System.Text.Json;
using Tessera.Server.Tests.Campaigns;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Vouchers;

/// <summary>Voucher objects, get-card's card id and loyalty levels against the samples kept in SpecData/.</summary>
public sealed class VoucherSampleTests
{
    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static readonly DateTime NoExpiry = new(2050, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static long SecondsToNoExpiry(TesseraApp app) => (long)(NoExpiry - app.Clock.GetUtcNow().UtcDateTime).TotalSeconds;

    private static void AssertNoExpiry(TesseraApp app, JsonElement voucher)
    {
        Assert.Equal("2050-01-01 00:00:00", voucher.GetProperty("voucher_expiry_datetime_utc").GetString());
        Assert.Equal(SecondsToNoExpiry(app), voucher.GetProperty("voucher_expiry_seconds_remaining").GetInt64());
    }

    private static async Task<(TestChain Chain, int Wallet, Tessera.Server.Data.Entities.User Member)> WalletMemberAsync(TesseraApp app)
    {
        var chain = await app.BootstrapAsync();
        using var admin = await chain.AdminClientAsync();
        var wallet = (await CampaignTests.AddCampaignAsync(admin, chain.ChainId, """{"type":"wallet","title":"Money Wallet","voucher_text":"Your new voucher, enjoy!"}""")).GetProperty("id").GetInt32();
        var member = await chain.AddMemberAsync();
        (await admin.PostAsync("/auth/add-user-purchase-progress", ("user_id", Id(member.Id)), ("campaign_id", Id(wallet)), ("amount", "50"), ("log_message", "start")))
            .AssertOk("add-user-purchase-progress");
        return (chain, wallet, member);
    }

    [Theory, AllEngines]
    public async Task Voucher_calls_answer_the_fields_and_types_of_their_samples_with_the_2050_expiry_and_the_lock_end(string engine)
    {
        await using var app = new TesseraApp(engine, new TestClock());
        var (chain, wallet, member) = await WalletMemberAsync(app);
        using var privileged = chain.PrivilegedClient();

        var created = await privileged.PostAsync("/create-voucher", ("campaign_id", Id(wallet)), ("user_id", Id(member.Id)), ("voucher_amount", "20"),
            ("voucher_title", "€20 Voucher"), ("voucher_honour_code", "honour0004"), ("voucher_description", "Redeem this voucher in store"),
            ("voucher_notes", "Terms"), ("voucher_image_url", "https://www.example.com/voucher-image.jpg"));
        created.AssertOk("create-voucher");
        SpecSamples.AssertShape(SpecSamples.Results("create-voucher-sample.txt"), created.Results);
        AssertNoExpiry(app, created.Results);
        Assert.Equal(JsonValueKind.Null, created.Results.GetProperty("voucher_locked_until").ValueKind);
        var key = created.Results.GetProperty("voucher_key").GetString()!;

        var claimed = await privileged.PostAsync("/claim-voucher", ("voucher_key", key));
        claimed.AssertOk("claim-voucher");
        SpecSamples.AssertShape(SpecSamples.Results("claim-voucher-sample.txt"), claimed.Results);
        AssertNoExpiry(app, claimed.Results);

        app.Clock.Advance(TimeSpan.FromSeconds(90));
        var unclaimed = await privileged.PutAsync("/unclaim-voucher", ("voucher_key", key));
        unclaimed.AssertOk("unclaim-voucher");
        SpecSamples.AssertShape(SpecSamples.Results("unclaim-voucher-sample.txt"), unclaimed.Results);
        AssertNoExpiry(app, unclaimed.Results);
        (await privileged.PostAsync("/claim-voucher", ("voucher_key", key))).AssertOk("claim-voucher");

        var lockedAt = app.Clock.GetUtcNow().UtcDateTime;
        var locked = await privileged.PutAsync("/lock-voucher", ("voucher_key", key), ("voucher_lock_period", "600"),
            ("voucher_locking_code", "lock4001"), ("retailer_basket_code", "RCPT401075452002"));
        locked.AssertOk("lock-voucher");
        SpecSamples.AssertShape(SpecSamples.Results("lock-voucher-sample.txt"), locked.Results);
        AssertNoExpiry(app, locked.Results);
        var until = lockedAt.AddSeconds(600).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        Assert.Equal(until, locked.Results.GetProperty("voucher_locked_until").GetString());
        Assert.Equal("lock4001", locked.Results.GetProperty("voucher_locking_code").GetString());
        Assert.Equal("RCPT401075452002", locked.Results.GetProperty("voucher_retailer_basket_code_exclusive").GetString());
        Assert.False(locked.Results.TryGetProperty("voucher_locked_until_datetime_utc", out _));

        // While the lock runs every view of the voucher shows its end.
        var listed = Assert.Single((await privileged.GetAsync("/get-user-vouchers", ("user_id", Id(member.Id)))).Results.GetProperty("basket_vouchers").EnumerateArray());
        Assert.Equal(until, listed.GetProperty("voucher_locked_until").GetString());
        SpecSamples.AssertShape(SpecSamples.Read("get-user-vouchers-basket-voucher.txt"), listed);
        AssertNoExpiry(app, listed);
        using var admin = await chain.AdminClientAsync();
        var inList = Assert.Single((await admin.GetAsync("/get-vouchers", ("chain_id", Id(chain.ChainId)))).Results.GetProperty("vouchers").EnumerateArray());
        Assert.Equal(until, inList.GetProperty("voucher_locked_until").GetString());
        AssertNoExpiry(app, inList);

        var unlocked = await privileged.PutAsync("/unlock-voucher", ("voucher_key", key));
        unlocked.AssertOk("unlock-voucher");
        SpecSamples.AssertShape(SpecSamples.Results("unlock-voucher-sample.txt"), unlocked.Results);
        Assert.Equal(JsonValueKind.Null, unlocked.Results.GetProperty("voucher_locked_until").ValueKind);

        var expired = await privileged.PutAsync("/expire-voucher", ("voucher_key", key));
        expired.AssertOk("expire-voucher");
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), expired.Results.GetProperty("voucher_expiry_datetime_utc").GetString());
        Assert.Equal(0, expired.Results.GetProperty("voucher_expiry_seconds_remaining").GetInt64());
    }

    [Theory, AllEngines]
    public async Task A_lock_that_ran_out_no_longer_shows_an_end(string engine)
    {
        await using var app = new TesseraApp(engine, new TestClock());
        var (chain, wallet, member) = await WalletMemberAsync(app);
        using var privileged = chain.PrivilegedClient();
        var key = (await privileged.PostAsync("/create-voucher", ("campaign_id", Id(wallet)), ("user_id", Id(member.Id)), ("voucher_amount", "5"), ("set_claimed", "true")))
            .Results.GetProperty("voucher_key").GetString()!;
        (await privileged.PutAsync("/lock-voucher", ("voucher_key", key), ("voucher_lock_period", "120"))).AssertOk("lock-voucher");

        app.Clock.Advance(TimeSpan.FromSeconds(121));

        var card = (await privileged.GetAsync("/get-card", ("user_id", Id(member.Id)))).Results;
        var voucher = Assert.Single(card.GetProperty("basket_vouchers").EnumerateArray());
        Assert.False(voucher.GetProperty("voucher_locked").GetBoolean());
        Assert.Equal(JsonValueKind.Null, voucher.GetProperty("voucher_locked_until").ValueKind);
        AssertNoExpiry(app, voucher);
    }

    [Theory, AllEngines]
    public async Task Get_card_user_entity_card_id_is_a_number_for_a_numeric_card_code_and_a_string_otherwise(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var numeric = await chain.AddMemberAsync(memberNumber: "33000114");
        var lettered = await chain.AddMemberAsync(memberNumber: "M-00421X");
        var zeroLed = await chain.AddMemberAsync(memberNumber: "0033000114");
        using var privileged = chain.PrivilegedClient();
        async Task<JsonElement> CardIdAsync(int userId) =>
            (await privileged.GetAsync("/get-card", ("user_id", Id(userId)))).Results.GetProperty("user_entity_card");

        var card = await CardIdAsync(numeric.Id);
        SpecSamples.AssertShape(SpecSamples.Read("get-card-user-entity-card.txt").GetProperty("user_entity_card"), card);
        Assert.Equal(("custom", 33000114L), (card.GetProperty("type").GetString(), card.GetProperty("id").GetInt64()));
        Assert.Equal("M-00421X", (await CardIdAsync(lettered.Id)).GetProperty("id").GetString());
        // A number would lose the leading zeros.
        Assert.Equal("0033000114", (await CardIdAsync(zeroLed.Id)).GetProperty("id").GetString());
    }

    private static (int Id, int CampaignId, string? Name, string? Description) Level(JsonElement l) =>
        (l.GetProperty("id").GetInt32(), l.GetProperty("campaign_id").GetInt32(), l.GetProperty("name").GetString(), l.GetProperty("description").GetString());

    [Theory, AllEngines]
    public async Task Get_card_and_get_user_vouchers_list_the_loyalty_levels_of_the_programme(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        using var admin = await chain.AdminClientAsync();
        var programme = await CampaignTests.AddCampaignAsync(admin, chain.ChainId, """
            {"type":"loyalty","title":"Big Chain Loyalty",
             "loyalty_levels":[{"name":"bronze","description":"Initial level in programme"},{"name":"silver","description":"Second level in programme"},{"name":"gold"}],
             "loyalty_rules":[{"type":"initial","action":"setLevel","level":"bronze"}]}
            """);
        var configured = programme.GetProperty("loyalty_levels").EnumerateArray().Select(Level).ToList();
        Assert.Equal(["bronze", "silver", "gold"], configured.Select(l => l.Name));
        var member = await chain.AddMemberAsync();
        using var privileged = chain.PrivilegedClient();
        var sample = SpecSamples.Read("get-card-loyalty-levels.txt").GetProperty("loyalty_levels");

        foreach (var (call, resultType) in new[] { ("/get-card", "get-user-entity-card"), ("/get-user-vouchers", "get-user-vouchers") })
        {
            var response = await privileged.GetAsync(call, ("user_id", Id(member.Id)));
            response.AssertOk(resultType);
            var loyalty = Assert.Single(response.Results.GetProperty("promotions").GetProperty("loyalty").EnumerateArray());
            var levels = loyalty.GetProperty("loyalty_levels");
            SpecSamples.AssertShape(sample, levels, call);
            Assert.Equal(configured, levels.EnumerateArray().Select(Level).ToList());
            Assert.All(configured, l => Assert.Equal(programme.GetProperty("id").GetInt32(), l.CampaignId));
        }
    }
}
