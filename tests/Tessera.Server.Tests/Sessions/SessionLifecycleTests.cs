using System.Globalization;
using Tessera.Server.Protocol;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Sessions;

public sealed class SessionLifecycleTests
{
    private static (string, string)[] Status(int userId, string key) =>
        [("user_id", userId.ToString(CultureInfo.InvariantCulture)), ("session_key", key)];

    [Theory, AllEngines]
    public async Task Bootstrap_login_get_login_status_logout_works_as_documented(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        using var client = chain.App.Client();
        var login = await client.PostAsync("/auth/login", ("username", chain.AdminUsername), ("password", chain.AdminPassword));
        login.AssertOk("login");
        var key = login.Results.GetProperty("session_info").GetProperty("session_key").GetString()!;
        var userId = chain.Result.AdminUserId;

        var status = await client.GetAsync("/auth/get-login-status", Status(userId, key));
        status.AssertOk("get-login-status");
        Assert.Equal(userId, status.Results.GetProperty("user_id").GetInt32());
        Assert.Equal(userId, status.Results.GetProperty("id").GetInt32());
        Assert.Equal(chain.AdminUsername, status.Results.GetProperty("username").GetString());
        Assert.True(status.Results.TryGetProperty("mailing_list", out _));
        Assert.True(status.Results.TryGetProperty("entity_code", out _));

        var byUsername = await client.GetAsync("/auth/get-login-status", ("username", chain.AdminUsername), ("session_key", key));
        byUsername.AssertOk("get-login-status");

        client.WithSession(userId, key);
        var logout = await client.DeleteAsync("/auth/logout");
        logout.AssertOk("logout");
        Assert.Equal(chain.AdminUsername, logout.Results.GetProperty("username").GetString());

        (await client.GetAsync("/auth/get-login-status", Status(userId, key))).AssertError(ErrorCodes.NoValidSession);
        (await client.DeleteAsync("/auth/logout")).AssertError(ErrorCodes.NoValidSession);
    }

    [Theory]
    [InlineData("session-user-id", "session-key")]
    [InlineData("session-user_id", "session_key")]
    [InlineData("Session-User-Id", "Session-Key")]
    [InlineData("session_user_id", "SESSION_KEY")]
    public async Task Session_header_names_are_case_and_dash_underscore_insensitive(string userHeader, string keyHeader)
    {
        var chain = await TesseraApp.Shared(Engines.Sqlite).BootstrapAsync();
        using var client = chain.App.Client();
        var login = await client.PostAsync("/auth/login", ("username", chain.AdminUsername), ("password", chain.AdminPassword));
        var key = login.Results.GetProperty("session_info").GetProperty("session_key").GetString()!;
        client.Header(userHeader, chain.Result.AdminUserId.ToString(CultureInfo.InvariantCulture)).Header(keyHeader, key);
        (await client.DeleteAsync("/auth/logout")).AssertOk("logout");
    }

    [Theory, AllEngines]
    public async Task Get_login_status_with_another_users_id_or_a_made_up_key_is_6(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var member = await chain.AddMemberAsync();
        using var client = chain.App.Client();
        var login = await client.PostAsync("/auth/login", ("username", chain.AdminUsername), ("password", chain.AdminPassword));
        var key = login.Results.GetProperty("session_info").GetProperty("session_key").GetString()!;

        (await client.GetAsync("/auth/get-login-status", Status(member.Id, key))).AssertError(ErrorCodes.NoValidSession);
        (await client.GetAsync("/auth/get-login-status", Status(chain.Result.AdminUserId, new string('a', 64)))).AssertError(ErrorCodes.NoValidSession);
        (await client.GetAsync("/auth/get-login-status", Status(chain.Result.AdminUserId, "short"))).AssertError(ErrorCodes.NoValidSession);
        (await client.GetAsync("/auth/get-login-status", ("session_key", key))).AssertError(ErrorCodes.HttpVarsMissing);
        (await client.GetAsync("/auth/get-login-status", ("user_id", "abc"), ("session_key", key))).AssertError(ErrorCodes.UserIdInvalid);
    }

    [Theory, AllEngines]
    public async Task Get_login_status_of_a_member_needs_the_app_header_of_the_members_chain(string engine)
    {
        var app = TesseraApp.Shared(engine);
        var chain = await app.BootstrapAsync();
        var other = await app.BootstrapAsync();
        var member = await chain.AddMemberAsync();
        using var client = app.Client().App(chain.Hostname);
        var login = await client.PostAsync("/auth/login", ("username", member.Username), ("password", "member-secret"));
        var key = login.Results.GetProperty("session_info").GetProperty("session_key").GetString()!;

        (await client.GetAsync("/auth/get-login-status", Status(member.Id, key))).AssertOk("get-login-status");
        using var noApp = app.Client();
        (await noApp.GetAsync("/auth/get-login-status", Status(member.Id, key))).AssertError(ErrorCodes.NoMypriceApp);
        using var otherApp = app.Client().App(other.Hostname);
        (await otherApp.GetAsync("/auth/get-login-status", Status(member.Id, key))).AssertError(ErrorCodes.NoValidSession);
    }

    [Theory, AllEngines]
    public async Task A_session_expires_after_its_validity(string engine)
    {
        await using var app = new TesseraApp(engine, new TestClock(), new Dictionary<string, string?> { ["Auth:SessionValidityHours"] = "2" });
        var chain = await app.BootstrapAsync();
        using var client = app.Client();
        var login = await client.PostAsync("/auth/login", ("username", chain.AdminUsername), ("password", chain.AdminPassword));
        login.AssertOk("login");
        Assert.Equal("2", login.Results.GetProperty("session_info").GetProperty("session_key_validity").GetString());
        var key = login.Results.GetProperty("session_info").GetProperty("session_key").GetString()!;

        app.Clock.Advance(TimeSpan.FromMinutes(119));
        (await client.GetAsync("/auth/get-login-status", Status(chain.Result.AdminUserId, key))).AssertOk("get-login-status");
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        (await client.GetAsync("/auth/get-login-status", Status(chain.Result.AdminUserId, key))).AssertError(ErrorCodes.NoValidSession);
        client.WithSession(chain.Result.AdminUserId, key);
        (await client.DeleteAsync("/auth/logout")).AssertError(ErrorCodes.NoValidSession);
    }

    [Theory, AllEngines]
    public async Task A_member_gets_a_cross_site_token_for_its_app(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var member = await chain.AddMemberAsync();
        using var client = await chain.LoginAsync(member.Username, "member-secret", withApp: true);

        var response = await client.PostAsync("/auth/get-cross-site-token");

        response.AssertOk("get-cross-site-token");
        Assert.Matches("^[0-9a-f]{64}$", response.Results.GetProperty("token").GetString());
        var expiry = DateTimeOffset.Parse(response.Results.GetProperty("expiry").GetString()!, CultureInfo.InvariantCulture);
        Assert.True(expiry > chain.App.Clock.GetUtcNow(), "the token expires after the server's now");
        Assert.EndsWith("+00:00", response.Results.GetProperty("expiry").GetString(), StringComparison.Ordinal);
    }

    [Theory, AllEngines]
    public async Task A_cross_site_token_needs_a_member_session(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        using var anonymous = chain.App.Client().App(chain.Hostname);
        (await anonymous.PostAsync("/auth/get-cross-site-token")).AssertError(ErrorCodes.NoValidSession);
        using var admin = await chain.AdminClientAsync();
        (await admin.PostAsync("/auth/get-cross-site-token")).AssertError(ErrorCodes.AccessDenied);
    }

    [Theory, AllEngines]
    public async Task A_member_session_without_the_app_header_is_269(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var member = await chain.AddMemberAsync();
        using var client = await chain.LoginAsync(member.Username, "member-secret", withApp: true);
        client.Http.DefaultRequestHeaders.Remove("X-MyPrice-App-Hostname");
        (await client.DeleteAsync("/auth/logout")).AssertError(ErrorCodes.NoMypriceApp);
    }
}
