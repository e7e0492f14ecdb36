using System.Globalization;
using System.Text.Json;
using Tessera.Server.Protocol;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Sessions;

public sealed class LoginTests
{
    [Theory, AllEngines]
    public async Task Admin_login_returns_session_info_and_user_info_as_in_the_sample(string engine)
    {
        var app = TesseraApp.Shared(engine);
        var chain = await app.BootstrapAsync();
        using var client = app.Client();
        var before = app.Clock.GetUtcNow().UtcDateTime;

        var response = await client.PostAsync("/auth/login", ("username", chain.AdminUsername), ("password", chain.AdminPassword));

        response.AssertOk("login");
        var session = response.Results.GetProperty("session_info");
        Assert.Matches("^[0-9a-f]{64}$", session.GetProperty("session_key").GetString());
        Assert.Equal("336", session.GetProperty("session_key_validity").GetString());
        Assert.Equal("password", session.GetProperty("session_auth_method").GetString());
        Assert.Equal(chain.Result.AdminUserId, session.GetProperty("session_user_id").GetInt32());
        Assert.Equal(chain.AdminUsername, session.GetProperty("session_username").GetString());
        var expires = DateTime.ParseExact(session.GetProperty("session_expires_date").GetString()!, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        Assert.InRange(expires, before.AddHours(336).AddSeconds(-1), before.AddHours(336).AddMinutes(1));

        var user = response.Results.GetProperty("user_info");
        Assert.Equal(chain.Result.AdminUserId, user.GetProperty("id").GetInt32());
        Assert.Equal(chain.Result.AdminUserId, user.GetProperty("user_id").GetInt32());
        Assert.Equal(chain.AdminUsername, user.GetProperty("username").GetString());
        Assert.Equal(JsonValueKind.Object, user.GetProperty("mailing_list").ValueKind);
        Assert.Equal(JsonValueKind.Object, user.GetProperty("entity_code").ValueKind);
        Assert.Equal(JsonValueKind.Object, user.GetProperty("opt_in_programme").ValueKind);
        Assert.Equal(JsonValueKind.True, user.GetProperty("registered").ValueKind);
    }

    [Theory, AllEngines]
    public async Task Member_login_through_the_app_returns_the_members_user_info(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var member = await chain.AddMemberAsync(memberNumber: "3021879");
        using var client = chain.App.Client().App(chain.Hostname);

        var response = await client.PostAsync("/auth/login", ("username", member.Username), ("password", "member-secret"));

        response.AssertOk("login");
        var user = response.Results.GetProperty("user_info");
        Assert.Equal(member.Id, user.GetProperty("user_id").GetInt32());
        Assert.Equal("Jane", user.GetProperty("first_name").GetString());
        Assert.Equal("custom", user.GetProperty("entity_code").GetProperty("type").GetString());
        Assert.Equal("3021879", user.GetProperty("entity_code").GetProperty("code").GetString());
        Assert.True(user.GetProperty("opt_in_programme").GetProperty("programme_opted_in").GetBoolean());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$", user.GetProperty("opt_in_programme").GetProperty("join_date").GetString());
    }

    [Theory, AllEngines]
    public async Task Username_is_matched_without_regard_to_case_or_surrounding_spaces(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        using var client = chain.App.Client();
        var response = await client.PostAsync("/auth/login", ("username", "  " + chain.AdminUsername.ToUpperInvariant() + " "), ("password", chain.AdminPassword));
        response.AssertOk("login");
    }

    [Theory, AllEngines]
    public async Task A_member_cannot_log_in_without_the_app_header(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var member = await chain.AddMemberAsync();
        using var client = chain.App.Client();
        var response = await client.PostAsync("/auth/login", ("username", member.Username), ("password", "member-secret"));
        response.AssertError(ErrorCodes.PasswordErrorOrNonExistent);
    }

    [Theory, AllEngines]
    public async Task An_unknown_app_hostname_is_269(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        using var client = chain.App.Client().App("no-such-app.example.test");
        var response = await client.PostAsync("/auth/login", ("username", chain.AdminUsername), ("password", chain.AdminPassword));
        response.AssertError(ErrorCodes.NoMypriceApp);
    }

    [Theory, AllEngines]
    public async Task A_wrong_password_and_an_unknown_username_are_both_error_5(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        using var client = chain.App.Client();
        (await client.PostAsync("/auth/login", ("username", chain.AdminUsername), ("password", "not-the-password"))).AssertError(ErrorCodes.PasswordErrorOrNonExistent);
        (await client.PostAsync("/auth/login", ("username", "nobody-" + Guid.NewGuid().ToString("N") + "@example.test"), ("password", "whatever"))).AssertError(ErrorCodes.PasswordErrorOrNonExistent);
    }

    [Theory, AllEngines]
    public async Task Login_deletes_the_users_earlier_sessions(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        using var first = await chain.AdminClientAsync();
        (await first.GetAsync("/internal/get-businesses", ("chain_id", chain.ChainId.ToString(CultureInfo.InvariantCulture)))).AssertOk("get-businesses");

        using var second = await chain.AdminClientAsync();

        (await first.GetAsync("/internal/get-businesses", ("chain_id", chain.ChainId.ToString(CultureInfo.InvariantCulture)))).AssertError(ErrorCodes.NoValidSession);
        (await second.GetAsync("/internal/get-businesses", ("chain_id", chain.ChainId.ToString(CultureInfo.InvariantCulture)))).AssertOk("get-businesses");
    }

    [Theory, AllEngines]
    public async Task Session_keys_are_stored_hashed_never_in_clear(string engine)
    {
        var app = TesseraApp.Shared(engine);
        var chain = await app.BootstrapAsync();
        using var client = app.Client();
        var response = await client.PostAsync("/auth/login", ("username", chain.AdminUsername), ("password", chain.AdminPassword));
        var key = response.Results.GetProperty("session_info").GetProperty("session_key").GetString()!;
        var stored = await app.WithDbAsync(db => Task.FromResult(db.Sessions.Where(s => s.UserId == chain.Result.AdminUserId).Select(s => s.KeyHash).ToList()));
        Assert.Equal(Tessera.Server.Auth.Secrets.Hash(key), Assert.Single(stored));
        Assert.NotEqual(key, stored[0]);
    }

    [Theory, AllEngines]
    public async Task Passwords_are_stored_as_salted_pbkdf2_hashes(string engine)
    {
        var app = TesseraApp.Shared(engine);
        var chain = await app.BootstrapAsync();
        var other = await app.BootstrapAsync();
        var hashes = await app.WithDbAsync(db => Task.FromResult(db.Users
            .Where(u => u.Id == chain.Result.AdminUserId || u.Id == other.Result.AdminUserId).Select(u => u.PasswordHash!).ToList()));
        Assert.Equal(2, hashes.Count);
        Assert.NotEqual(hashes[0], hashes[1]); // same password, different salts
        var bytes = Convert.FromBase64String(hashes[0]);
        Assert.Equal(0x01, bytes[0]); // Identity V3 format
        var iterations = (bytes[5] << 24) | (bytes[6] << 16) | (bytes[7] << 8) | bytes[8];
        Assert.True(iterations >= 210_000, $"{iterations} iterations");
    }
}
