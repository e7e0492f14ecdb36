using System.Globalization;
using Tessera.Server.Protocol;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests;

/// <summary>An admin, privileged client or member of chain A can never read or change anything of chain B.</summary>
public sealed class TenantIsolationTests
{
    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static async Task<(TestChain A, TestChain B, int BusinessOfB)> TwoChainsAsync(string engine)
    {
        var app = TesseraApp.Shared(engine);
        var a = await app.BootstrapAsync();
        var b = await app.BootstrapAsync();
        using var adminB = await b.AdminClientAsync();
        var added = await adminB.PostAsync("/internal/add-business", ("chain_id", Id(b.ChainId)), ("name", "B's shop"), ("owner_code", "B-1"));
        return (a, b, added.Results.GetProperty("business").GetProperty("id").GetInt32());
    }

    private static async Task AssertBusinessOfBUnchangedAsync(TestChain b)
    {
        using var adminB = await b.AdminClientAsync();
        var list = await adminB.GetAsync("/internal/get-businesses", ("chain_id", Id(b.ChainId)));
        Assert.Equal("B's shop", Assert.Single(list.Results.GetProperty("businesses").EnumerateArray()).GetProperty("name").GetString());
    }

    [Theory, AllEngines]
    public async Task An_admin_of_chain_A_cannot_list_add_or_alter_businesses_of_chain_B(string engine)
    {
        var (a, b, businessOfB) = await TwoChainsAsync(engine);
        using var adminA = await a.AdminClientAsync();

        (await adminA.GetAsync("/internal/get-businesses", ("chain_id", Id(b.ChainId)))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
        (await adminA.PostAsync("/internal/add-business", ("chain_id", Id(b.ChainId)), ("name", "intruder"))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
        (await adminA.PutAsync("/internal/alter-business", ("business_id", Id(businessOfB)), ("name", "hijacked"))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
        await AssertBusinessOfBUnchangedAsync(b);
    }

    [Theory, AllEngines]
    public async Task A_privileged_client_of_chain_A_cannot_touch_chain_B(string engine)
    {
        var (a, b, businessOfB) = await TwoChainsAsync(engine);
        using var privilegedA = a.PrivilegedClient();

        (await privilegedA.GetAsync("/internal/get-businesses", ("chain_id", Id(b.ChainId)))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
        (await privilegedA.PostAsync("/internal/add-business", ("chain_id", Id(b.ChainId)), ("name", "intruder"))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
        (await privilegedA.PutAsync("/internal/alter-business", ("business_id", Id(businessOfB)), ("name", "hijacked"))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);

        // Naming chain B's app does not help: 312.
        using var withAppOfB = a.PrivilegedClient(withApp: false).App(b.Hostname);
        (await withAppOfB.GetAsync("/internal/get-businesses", ("chain_id", Id(b.ChainId)))).AssertError(ErrorCodes.InvalidMyPriceApp);
        (await withAppOfB.PutAsync("/internal/alter-business", ("business_id", Id(businessOfB)), ("name", "hijacked"))).AssertError(ErrorCodes.InvalidMyPriceApp);
        await AssertBusinessOfBUnchangedAsync(b);
    }

    [Theory, AllEngines]
    public async Task A_privileged_client_of_chain_A_cannot_log_in_as_a_member_of_chain_B(string engine)
    {
        var (a, b, _) = await TwoChainsAsync(engine);
        var memberOfB = await b.AddMemberAsync(memberNumber: "shared-number-" + Guid.NewGuid().ToString("N")[..6]);

        using var privilegedA = a.PrivilegedClient();
        (await privilegedA.PostAsync("/auth/session", ("user_id", Id(memberOfB.Id)))).AssertError(ErrorCodes.UserNotFound);
        (await privilegedA.PostAsync("/auth/session", ("username", memberOfB.Username))).AssertError(ErrorCodes.UserNotFound);
        (await privilegedA.PostAsync("/auth/session", ("member_number", memberOfB.MemberNumber!))).AssertError(ErrorCodes.UserNotFound);

        using var withAppOfB = a.PrivilegedClient(withApp: false).App(b.Hostname);
        (await withAppOfB.PostAsync("/auth/session", ("user_id", Id(memberOfB.Id)))).AssertError(ErrorCodes.InvalidMyPriceApp);
    }

    [Theory, AllEngines]
    public async Task A_member_of_chain_A_cannot_use_the_app_of_chain_B(string engine)
    {
        var (a, b, _) = await TwoChainsAsync(engine);
        var memberOfA = await a.AddMemberAsync();

        using var viaAppOfB = a.App.Client().App(b.Hostname);
        (await viaAppOfB.PostAsync("/auth/login", ("username", memberOfA.Username), ("password", "member-secret"))).AssertError(ErrorCodes.PasswordErrorOrNonExistent);

        using var session = await a.LoginAsync(memberOfA.Username, "member-secret", withApp: true);
        session.App(b.Hostname);
        (await session.PostAsync("/auth/get-cross-site-token")).AssertError(ErrorCodes.InvalidMyPriceApp);
        (await session.DeleteAsync("/auth/logout")).AssertError(ErrorCodes.InvalidMyPriceApp);
    }

    [Trait("Category", "Slow")]
    [Theory, AllEngines]
    public async Task The_same_username_can_be_a_member_of_two_chains_and_each_logs_in_to_its_own(string engine)
    {
        var (a, b, _) = await TwoChainsAsync(engine);
        var username = $"shopper-{Guid.NewGuid():N}@example.test";
        var memberOfA = await a.AddMemberAsync(username, password: "password-a");
        var memberOfB = await b.AddMemberAsync(username, password: "password-b");

        using var viaA = a.App.Client().App(a.Hostname);
        var loginA = await viaA.PostAsync("/auth/login", ("username", username), ("password", "password-a"));
        loginA.AssertOk("login");
        Assert.Equal(memberOfA.Id, loginA.Results.GetProperty("user_info").GetProperty("user_id").GetInt32());
        (await viaA.PostAsync("/auth/login", ("username", username), ("password", "password-b"))).AssertError(ErrorCodes.PasswordErrorOrNonExistent);

        using var viaB = b.App.Client().App(b.Hostname);
        var loginB = await viaB.PostAsync("/auth/login", ("username", username), ("password", "password-b"));
        Assert.Equal(memberOfB.Id, loginB.Results.GetProperty("user_info").GetProperty("user_id").GetInt32());
    }
}
