using System.Globalization;
using System.Net;
using System.Text.Json;
using Tessera.Server.Protocol;
using Tessera.Server.Tests.Baskets;
using Tessera.Server.Tests.Campaigns;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Protocol;

/// <summary>
/// Drop-in for existing Spaaza clients: the header names their published and older clients send, and the answers
/// that depend on <c>X-Spaaza-API-version</c>.
/// </summary>
public sealed class CompatibilityTests
{
    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private sealed record Session(int UserId, string Key);

    private sealed record MemberSetup(TestChain Chain, Tessera.Server.Data.Entities.User Member, Session Session)
    {
        public (string, string) App => ("X-MyPrice-App-Hostname", Chain.Hostname);
    }

    private static async Task<Session> LoginAsync(TestChain chain, string username, string password, bool withApp)
    {
        using var client = chain.App.Client();
        if (withApp)
        {
            client.App(chain.Hostname);
        }
        var login = await client.PostAsync("/auth/login", ("username", username), ("password", password));
        login.AssertOk("login");
        var info = login.Results.GetProperty("session_info");
        return new Session(info.GetProperty("session_user_id").GetInt32(), info.GetProperty("session_key").GetString()!);
    }

    private static async Task<MemberSetup> MemberAsync(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var member = await chain.AddMemberAsync();
        return new MemberSetup(chain, member, await LoginAsync(chain, member.Username, "member-secret", withApp: true));
    }

    /// <summary>A client sending exactly <paramref name="headers"/>.</summary>
    private static SpaazaClient Client(TestChain chain, params (string Name, string Value)[] headers)
    {
        var client = chain.App.Client();
        foreach (var (name, value) in headers)
        {
            client.Header(name, value);
        }
        return client;
    }

    /// <summary>get-user-vouchers as the member of the headers: ok, or the error expected.</summary>
    private static async Task<SpaazaResponse> UserVouchersAsync(TestChain chain, params (string Name, string Value)[] headers)
    {
        using var client = Client(chain, headers);
        return await client.GetAsync("/get-user-vouchers");
    }

    // ---- header aliases ----

    [Theory, AllEngines]
    public async Task X_Spaaza_Session_User_Id_stands_for_session_user_id(string engine)
    {
        var m = await MemberAsync(engine);
        (await UserVouchersAsync(m.Chain, ("X-Spaaza-Session-User-Id", Id(m.Session.UserId)), ("session-key", m.Session.Key), m.App)).AssertOk("get-user-vouchers");
        (await UserVouchersAsync(m.Chain, ("session-key", m.Session.Key), m.App)).AssertError(ErrorCodes.NoValidSession);
    }

    [Theory, AllEngines]
    public async Task X_Spaaza_Session_Key_stands_for_session_key(string engine)
    {
        var m = await MemberAsync(engine);
        (await UserVouchersAsync(m.Chain, ("session-user-id", Id(m.Session.UserId)), ("X-Spaaza-Session-Key", m.Session.Key), m.App)).AssertOk("get-user-vouchers");
        (await UserVouchersAsync(m.Chain, ("session-user-id", Id(m.Session.UserId)), m.App)).AssertError(ErrorCodes.NoValidSession);
    }

    [Theory, AllEngines]
    public async Task Session_User_Id_of_older_clients_stands_for_session_user_id(string engine)
    {
        var m = await MemberAsync(engine);
        (await UserVouchersAsync(m.Chain, ("Session-User-Id", Id(m.Session.UserId)), ("session-key", m.Session.Key), m.App)).AssertOk("get-user-vouchers");
    }

    [Theory, AllEngines]
    public async Task Session_Key_of_older_clients_stands_for_session_key(string engine)
    {
        var m = await MemberAsync(engine);
        (await UserVouchersAsync(m.Chain, ("session-user-id", Id(m.Session.UserId)), ("Session-Key", m.Session.Key), m.App)).AssertOk("get-user-vouchers");
    }

    [Theory, AllEngines]
    public async Task X_Spaaza_Session_Username_names_the_session_by_username(string engine)
    {
        var m = await MemberAsync(engine);
        (await UserVouchersAsync(m.Chain, ("X-Spaaza-Session-Username", m.Member.Username), ("X-Spaaza-Session-Key", m.Session.Key), m.App)).AssertOk("get-user-vouchers");
    }

    [Theory, AllEngines]
    public async Task Session_Username_of_older_clients_names_the_session_by_username(string engine)
    {
        var m = await MemberAsync(engine);
        (await UserVouchersAsync(m.Chain, ("Session-Username", m.Member.Username), ("Session-Key", m.Session.Key), m.App)).AssertOk("get-user-vouchers");
    }

    [Theory, AllEngines]
    public async Task X_Spaaza_Session_Chain_Id_stands_for_Session_Chain_Id_in_search_users(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var session = await LoginAsync(chain, chain.AdminUsername, chain.AdminPassword, withApp: false);
        (string, string)[] admin = [("session-user-id", Id(session.UserId)), ("session-key", session.Key)];
        using (var client = Client(chain, [.. admin, ("X-Spaaza-Session-Chain-Id", Id(chain.ChainId))]))
        {
            var response = await client.PostAsync("/search/users", ("query", "nobody"));
            Assert.True(response.Status == HttpStatusCode.OK, response.Body);
        }
        using (var client = Client(chain, admin))
        {
            (await client.PostAsync("/search/users", ("query", "nobody"))).AssertError(ErrorCodes.ChainIdRequired);
        }
    }

    [Theory, AllEngines]
    public async Task X_Spaaza_MyPrice_App_Hostname_stands_for_X_MyPrice_App_Hostname(string engine)
    {
        var m = await MemberAsync(engine);
        (string, string)[] session = [("session-user-id", Id(m.Session.UserId)), ("session-key", m.Session.Key)];
        (await UserVouchersAsync(m.Chain, [.. session, ("X-Spaaza-MyPrice-App-Hostname", m.Chain.Hostname)])).AssertOk("get-user-vouchers");
        (await UserVouchersAsync(m.Chain, session)).AssertError(ErrorCodes.NoMypriceApp);
    }

    [Theory, AllEngines]
    public async Task X_Spaaza_API_Version_in_any_case_is_the_version_header(string engine)
    {
        using var client = TesseraApp.Shared(engine).Client().Header("X-Spaaza-API-Version", "1.3.9");
        var response = await client.PostAsync("/auth/login", ("username", $"nobody-{Guid.NewGuid():N}@example.test"), ("password", "whatever"));
        Assert.False(response.Json.TryGetProperty("error", out _), response.Body);
        Assert.True(response.Json.GetProperty("errors").TryGetProperty("5", out _), response.Body);
    }

    [Theory, AllEngines]
    public async Task A_client_sending_only_the_X_Spaaza_names_is_served(string engine)
    {
        var m = await MemberAsync(engine);
        (await UserVouchersAsync(m.Chain,
            ("X-Spaaza-Session-User-Id", Id(m.Session.UserId)), ("X-Spaaza-Session-Key", m.Session.Key),
            ("X-Spaaza-MyPrice-App-Hostname", m.Chain.Hostname), ("X-Spaaza-API-Version", "1.4.2"))).AssertOk("get-user-vouchers");
    }

    [Theory, AllEngines]
    public async Task A_session_named_by_username_must_be_that_users_session(string engine)
    {
        var m = await MemberAsync(engine);
        var other = await m.Chain.AddMemberAsync();
        // Usernames compare as the login normalises them: case and surrounding spaces do not matter.
        (await UserVouchersAsync(m.Chain, ("Session-Username", $" {m.Member.Username.ToUpperInvariant()} "), ("session-key", m.Session.Key), m.App)).AssertOk("get-user-vouchers");
        (await UserVouchersAsync(m.Chain, ("Session-Username", other.Username), ("session-key", m.Session.Key), m.App)).AssertError(ErrorCodes.NoValidSession);
        (await UserVouchersAsync(m.Chain, ("Session-Username", m.Member.Username), ("session-key", new string('0', m.Session.Key.Length)), m.App)).AssertError(ErrorCodes.NoValidSession);
        (await UserVouchersAsync(m.Chain, ("Session-Username", m.Member.Username), m.App)).AssertError(ErrorCodes.NoValidSession);

        // An admin session by username, without an app.
        var session = await LoginAsync(m.Chain, m.Chain.AdminUsername, m.Chain.AdminPassword, withApp: false);
        using var admin = Client(m.Chain, ("X-Spaaza-Session-Username", m.Chain.AdminUsername), ("X-Spaaza-Session-Key", session.Key));
        (await admin.GetAsync("/get-user-vouchers", ("chain_id", Id(m.Chain.ChainId)), ("user_id", Id(m.Member.Id)))).AssertOk("get-user-vouchers");
    }

    [Theory, AllEngines]
    public async Task Two_names_of_one_header_that_disagree_are_6_no_valid_session(string engine)
    {
        var m = await MemberAsync(engine);
        var other = await m.Chain.AddMemberAsync();
        var otherSession = await LoginAsync(m.Chain, other.Username, "member-secret", withApp: true);
        var id = ("session-user-id", Id(m.Session.UserId));
        var key = ("session-key", m.Session.Key);

        // The same value under two names is one header.
        (await UserVouchersAsync(m.Chain, id, key, ("X-Spaaza-Session-Key", m.Session.Key.ToUpperInvariant()), m.App)).AssertOk("get-user-vouchers");
        // Different keys, even if one of them is valid for the user.
        (await UserVouchersAsync(m.Chain, id, key, ("X-Spaaza-Session-Key", otherSession.Key), m.App)).AssertError(ErrorCodes.NoValidSession);
        (await UserVouchersAsync(m.Chain, id, key, ("Session_User_Id", Id(other.Id)), m.App)).AssertError(ErrorCodes.NoValidSession);
        // A user id and a username naming different users.
        (await UserVouchersAsync(m.Chain, id, key, ("X-Spaaza-Session-Username", other.Username), m.App)).AssertError(ErrorCodes.NoValidSession);
        // Two apps.
        (await UserVouchersAsync(m.Chain, id, key, m.App, ("X-Spaaza-MyPrice-App-Hostname", "elsewhere.example.test"))).AssertError(ErrorCodes.NoValidSession);
    }

    // ---- errors by version ----

    private static async Task<SpaazaResponse> FailedLoginAsync(string engine, string? version)
    {
        using var client = TesseraApp.Shared(engine).Client();
        if (version is not null)
        {
            client.Header(ApiVersion.Header, version);
        }
        // A missing password: error 3 with a text message.
        return await client.PostAsync("/auth/login", ("username", "nobody@example.test"));
    }

    [Theory, AllEngines]
    public async Task Below_1_4_0_errors_are_the_legacy_object_keyed_by_code(string engine)
    {
        var response = await FailedLoginAsync(engine, "1.3.9");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(["result", "errors"], response.Json.EnumerateObject().Select(p => p.Name));
        var legacy = Assert.Single(response.Json.GetProperty("errors").EnumerateObject());
        Assert.Equal("3", legacy.Name);
        Assert.Equal(["name", "description", "extrainfo"], legacy.Value.EnumerateObject().Select(p => p.Name));
        Assert.Equal(ErrorCodes.HttpVarsMissing.Name, legacy.Value.GetProperty("name").GetString());
        Assert.Equal(ErrorCodes.HttpVarsMissing.Description, legacy.Value.GetProperty("description").GetString());
        Assert.Equal(JsonValueKind.String, legacy.Value.GetProperty("extrainfo").GetProperty("msg").ValueKind);
    }

    [Theory, AllEngines]
    public async Task From_1_4_0_errors_are_the_single_error_object_only(string engine)
    {
        var response = await FailedLoginAsync(engine, "1.4.0");

        response.AssertError(ErrorCodes.HttpVarsMissing);
        Assert.Equal(["result", "error"], response.Json.EnumerateObject().Select(p => p.Name));
    }

    [Theory, AllEngines]
    public async Task Without_a_version_errors_carry_both_forms(string engine)
    {
        var response = await FailedLoginAsync(engine, null);

        response.AssertError(ErrorCodes.HttpVarsMissing);
        Assert.Equal(["result", "error", "errors"], response.Json.EnumerateObject().Select(p => p.Name));
        var legacy = response.Json.GetProperty("errors").GetProperty("3");
        Assert.Equal(ErrorCodes.HttpVarsMissing.Name, legacy.GetProperty("name").GetString());
        Assert.Equal(response.Json.GetProperty("error").GetProperty("message").GetString(), legacy.GetProperty("extrainfo").GetProperty("msg").GetString());
    }

    [Fact]
    public async Task A_legacy_error_without_a_message_has_no_extrainfo()
    {
        using var client = TesseraApp.Shared(Engines.Sqlite).Client().Header(ApiVersion.Header, "1.2.2");
        var response = await client.GetAsync("/auth/no-such-call");

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        var legacy = response.Json.GetProperty("errors").GetProperty(Id(ErrorCodes.EndpointNotFound.Code));
        Assert.Equal(["name", "description"], legacy.EnumerateObject().Select(p => p.Name));
    }

    // ---- get-vouchers: basket_vouchers below 1.4.2 ----

    private static async Task<string[]> VoucherArraysAsync(TestChain chain, string? version)
    {
        using var admin = await chain.AdminClientAsync();
        if (version is not null)
        {
            admin.Header(ApiVersion.Header, version);
        }
        var response = await admin.GetAsync("/get-vouchers", ("chain_id", Id(chain.ChainId)));
        response.AssertOk("get-vouchers");
        Assert.Equal(1, response.Results.GetProperty("results_count_total").GetInt32());
        return [.. response.Results.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Array && p.Value.GetArrayLength() == 1).Select(p => p.Name)];
    }

    private static async Task<TestChain> ChainWithVoucherAsync(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        using var admin = await chain.AdminClientAsync();
        var loyalty = (await CampaignTests.AddCampaignAsync(admin, chain.ChainId, """{"type":"loyalty","title":"Gifts"}""")).GetProperty("id").GetInt32();
        var member = await chain.AddMemberAsync();
        (await admin.PostAsync("/create-voucher", ("chain_id", Id(chain.ChainId)), ("user_id", Id(member.Id)), ("campaign_id", Id(loyalty)), ("voucher_amount", "5"))).AssertOk("create-voucher");
        return chain;
    }

    [Theory, AllEngines]
    public async Task Get_vouchers_below_1_4_2_names_its_array_basket_vouchers(string engine)
    {
        var chain = await ChainWithVoucherAsync(engine);
        Assert.Equal(["basket_vouchers"], await VoucherArraysAsync(chain, "1.4.1"));
    }

    [Theory, AllEngines]
    public async Task Get_vouchers_from_1_4_2_names_its_array_vouchers(string engine)
    {
        var chain = await ChainWithVoucherAsync(engine);
        Assert.Equal(["vouchers"], await VoucherArraysAsync(chain, "1.4.2"));
    }

    [Theory, AllEngines]
    public async Task Get_vouchers_without_a_version_names_its_array_vouchers(string engine)
    {
        var chain = await ChainWithVoucherAsync(engine);
        Assert.Equal(["vouchers"], await VoucherArraysAsync(chain, null));
    }

    // ---- user-wallet-ledger: plain dates below 1.4.1 ----

    private static async Task<string> LedgerDateAsync(string engine, string? version)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        using var admin = await chain.AdminClientAsync();
        var wallet = (await CampaignTests.AddCampaignAsync(admin, chain.ChainId, """{"type":"wallet","title":"Money Wallet"}""")).GetProperty("id").GetInt32();
        var member = await chain.AddMemberAsync();
        (await admin.PostAsync("/auth/add-user-purchase-progress", ("user_id", Id(member.Id)), ("campaign_id", Id(wallet)), ("amount", "2.50"), ("log_message", "Welcome")))
            .AssertOk("add-user-purchase-progress");
        if (version is not null)
        {
            admin.Header(ApiVersion.Header, version);
        }
        var response = await admin.GetAsync("/user-wallet-ledger", ("chain_id", Id(chain.ChainId)), ("user_id", Id(member.Id)));
        response.AssertOk("user-wallet-ledger");
        return Assert.Single(response.Results.GetProperty("ledger").EnumerateArray()).GetProperty("date").GetString()!;
    }

    [Theory, AllEngines]
    public async Task User_wallet_ledger_below_1_4_1_gives_dates_as_plain_utc(string engine) =>
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$", await LedgerDateAsync(engine, "1.4.0"));

    [Theory, AllEngines]
    public async Task User_wallet_ledger_from_1_4_1_gives_dates_as_iso_8601_with_offset(string engine) =>
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$", await LedgerDateAsync(engine, "1.4.1"));

    [Theory, AllEngines]
    public async Task User_wallet_ledger_without_a_version_gives_dates_as_iso_8601_with_offset(string engine) =>
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$", await LedgerDateAsync(engine, null));

    // ---- warnings ----

    [Theory, AllEngines]
    public async Task An_unknown_voucher_in_add_basket_is_warning_183_naming_it_by_key_as_in_the_sample(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var key = new string('a', 64);
        var body = shop.Basket(BasketCalls.Code(), ShopSetup.TwoItems, extra: $$""","basket_vouchers":[{"voucher_key":"{{key}}"},{"voucher_id":987654321}]""");

        var response = await BasketCalls.AddAsync(shop, body);

        response.AssertOk("add-basket");
        var sample = Assert.Single(Spec.WarningSample().GetProperty("warnings").EnumerateArray());
        var warnings = response.Json.GetProperty("warnings").EnumerateArray().ToList();
        Assert.Equal(2, warnings.Count);
        foreach (var warning in warnings)
        {
            foreach (var field in sample.EnumerateObject())
            {
                Assert.Equal(field.Value.ValueKind, warning.GetProperty(field.Name).ValueKind);
            }
            Assert.Equal(183, warning.GetProperty("code").GetInt32());
            Assert.Equal(sample.GetProperty("name").GetString(), warning.GetProperty("name").GetString());
            Assert.Equal(JsonValueKind.String, warning.GetProperty("extrainfo").GetProperty("msg").ValueKind);
        }
        Assert.Equal(["key"], warnings[0].GetProperty("message").EnumerateObject().Select(p => p.Name));
        Assert.Equal(key, warnings[0].GetProperty("message").GetProperty("key").GetString());
        Assert.Equal(987654321, warnings[1].GetProperty("message").GetProperty("id").GetInt64());
        Assert.Equal(["result", "warnings", "results"], response.Json.EnumerateObject().Select(p => p.Name));
    }

    [Theory, AllEngines]
    public async Task A_replayed_basket_is_warning_311_naming_its_retailer_basket_code(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        var code = BasketCalls.Code();
        var body = shop.Basket(code, ShopSetup.TwoItems);
        (await BasketCalls.AddAsync(shop, body)).AssertOk("add-basket");

        var replay = await BasketCalls.AddAsync(shop, body);

        replay.AssertOk("add-basket");
        var warning = Assert.Single(replay.Json.GetProperty("warnings").EnumerateArray());
        Assert.Equal(ErrorCodes.BasketAlreadyExists.Code, warning.GetProperty("code").GetInt32());
        Assert.Equal(code, warning.GetProperty("message").GetProperty("retailer_basket_code").GetString());
        Assert.Equal(JsonValueKind.String, warning.GetProperty("extrainfo").GetProperty("msg").ValueKind);
    }
}
