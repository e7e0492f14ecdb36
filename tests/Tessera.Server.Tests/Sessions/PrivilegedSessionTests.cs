using System.Globalization;
using Tessera.Server.Protocol;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Sessions;

public sealed class PrivilegedSessionTests
{
    [Theory, AllEngines]
    public async Task A_privileged_client_logs_in_on_behalf_of_a_member_by_each_identifier(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var member = await chain.AddMemberAsync(memberNumber: "M-" + Guid.NewGuid().ToString("N")[..8]);
        await chain.App.WithDbAsync(async db =>
        {
            var stored = await db.Users.FindAsync(member.Id);
            stored!.AuthenticationPointIdentifier = "webshop-" + member.Id;
            return await db.SaveChangesAsync();
        });
        using var client = chain.PrivilegedClient();

        foreach (var identifier in new (string, string)[]
        {
            ("user_id", member.Id.ToString(CultureInfo.InvariantCulture)),
            ("username", member.Username),
            ("member_number", member.MemberNumber!),
            ("authentication_point_identifier", "webshop-" + member.Id),
        })
        {
            var response = await client.PostAsync("/auth/session", identifier);
            response.AssertOk("session");
            Assert.Equal(member.Id, response.Results.GetProperty("user_info").GetProperty("user_id").GetInt32());
            var session = response.Results.GetProperty("session_info");
            Assert.Equal(member.Id, session.GetProperty("session_user_id").GetInt32());
            Assert.Equal(member.Username, session.GetProperty("session_username").GetString());

            // The new session works as a member session.
            using var asMember = chain.App.Client().App(chain.Hostname).WithSession(member.Id, session.GetProperty("session_key").GetString()!);
            (await asMember.PostAsync("/auth/get-cross-site-token")).AssertOk("get-cross-site-token");
        }
    }

    [Theory, AllEngines]
    public async Task Session_is_for_privileged_clients_only(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var member = await chain.AddMemberAsync();
        using var anonymous = chain.App.Client().App(chain.Hostname);
        (await anonymous.PostAsync("/auth/session", ("username", member.Username))).AssertError(ErrorCodes.NoPrivilegedAuth);
        using var admin = (await chain.AdminClientAsync()).App(chain.Hostname);
        (await admin.PostAsync("/auth/session", ("username", member.Username))).AssertError(ErrorCodes.NoPrivilegedAuth);
    }

    [Theory, AllEngines]
    public async Task Bad_privileged_credentials_are_refused(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var keyId = chain.PrivilegedKey.Split(':')[0];
        using var wrongSecret = chain.App.Client().App(chain.Hostname).Bearer(keyId + ":" + new string('0', 64));
        (await wrongSecret.PostAsync("/auth/session", ("user_id", "1"))).AssertError(ErrorCodes.AccessTokenInvalid);
        using var malformed = chain.App.Client().App(chain.Hostname).Bearer("no-colon-here");
        (await malformed.PostAsync("/auth/session", ("user_id", "1"))).AssertError(ErrorCodes.AuthorizationInvalid);
    }

    [Theory, AllEngines]
    public async Task Session_needs_the_app_header_and_at_least_one_identifier(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var member = await chain.AddMemberAsync();
        using var noApp = chain.PrivilegedClient(withApp: false);
        (await noApp.PostAsync("/auth/session", ("username", member.Username))).AssertError(ErrorCodes.NoMypriceApp);
        using var client = chain.PrivilegedClient();
        (await client.PostAsync("/auth/session")).AssertError(ErrorCodes.HttpVarsMissing);
        (await client.PostAsync("/auth/session", ("user_id", "twelve"))).AssertError(ErrorCodes.UserIdInvalid);
        (await client.PostAsync("/auth/session", ("username", "nobody@example.test"))).AssertError(ErrorCodes.UserNotFound);
    }

    [Theory, AllEngines]
    public async Task Session_on_behalf_leaves_the_members_own_session_alone(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var member = await chain.AddMemberAsync();
        using var own = await chain.LoginAsync(member.Username, "member-secret", withApp: true);
        using var privileged = chain.PrivilegedClient();
        (await privileged.PostAsync("/auth/session", ("username", member.Username))).AssertOk("session");
        (await own.PostAsync("/auth/get-cross-site-token")).AssertOk("get-cross-site-token");
    }
}
