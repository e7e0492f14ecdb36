using Tessera.Server.Protocol;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Administration;

/// <summary>The administration calls: a super user of the chain administers it; nobody else does.</summary>
public sealed class AdministrationApiTests
{
    [Theory, AllEngines]
    public async Task A_super_user_adds_an_admin_an_app_and_a_key_that_work(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        using var admin = await chain.AdminClientAsync();
        var id = Guid.NewGuid().ToString("N")[..10];
        var chainId = chain.ChainId.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var addAdmin = await admin.PostAsync("/internal/add-admin", ("chain_id", chainId), ("username", $"new-{id}@example.test"), ("password", "new-secret"), ("permissions", "read,write"));
        var addApp = await admin.PostAsync("/internal/add-app", ("chain_id", chainId), ("hostname", $"second-{id}.example.test"));
        var addKey = await admin.PostAsync("/internal/add-privileged-key", ("chain_id", chainId), ("name", "till"));
        var admins = await admin.GetAsync("/internal/get-admins", ("chain_id", chainId));

        addAdmin.AssertOk("add-admin");
        addApp.AssertOk("add-app");
        addKey.AssertOk("add-privileged-key");
        admins.AssertOk("get-admins");
        Assert.Equal(2, admins.Results.GetProperty("admins").GetArrayLength());
        using var newAdmin = await chain.LoginAsync($"new-{id}@example.test", "new-secret", withApp: false);
        var key = addKey.Results.GetProperty("privileged_key").GetString()!;
        using var privileged = TesseraApp.Shared(engine).Client().Bearer(key).App($"second-{id}.example.test");
        (await privileged.GetAsync("/internal/get-businesses", ("chain_id", chainId))).AssertOk("get-businesses");

        var revoke = await admin.PostAsync("/internal/revoke-privileged-key", ("chain_id", chainId), ("key_id", addKey.Results.GetProperty("key_id").GetString()!));
        revoke.AssertOk("revoke-privileged-key");
        // Revoked through this server: refused by it at once.
        (await privileged.GetAsync("/internal/get-businesses", ("chain_id", chainId))).AssertError(ErrorCodes.AccessTokenInvalid);
    }

    [Theory, AllEngines]
    public async Task Administration_calls_are_refused_to_admins_without_super_user_rights_and_to_other_callers(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        var other = await TesseraApp.Shared(engine).BootstrapAsync();
        var (staff, password) = await chain.AddAdminAsync(read: true, write: true, assign: true, delete: true);
        using var limited = await chain.LoginAsync(staff.Username, password, withApp: false);
        using var otherSuperUser = await other.AdminClientAsync();
        using var privileged = chain.PrivilegedClient();
        var chainId = chain.ChainId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        (string Name, string Value)[] grant = [("chain_id", chainId), ("username", staff.Username), ("permissions", "super-user")];

        (await limited.PostAsync("/internal/grant-admin-permissions", grant)).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
        (await limited.PostAsync("/internal/add-privileged-key", ("chain_id", chainId))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
        (await limited.GetAsync("/internal/get-admins", ("chain_id", chainId))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
        (await otherSuperUser.PostAsync("/internal/grant-admin-permissions", grant)).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
        (await otherSuperUser.PostAsync("/internal/add-app", ("chain_id", chainId), ("hostname", "stolen.example.test"))).AssertError(ErrorCodes.PermissionDeniedOrNonExistent);
        (await privileged.PostAsync("/internal/add-privileged-key", ("chain_id", chainId))).AssertError(ErrorCodes.AccessDenied);
        using var anonymous = TesseraApp.Shared(engine).Client();
        (await anonymous.GetAsync("/internal/get-apps", ("chain_id", chainId))).AssertError(ErrorCodes.NoValidSession);

        // The chain's own super user may.
        using var superUser = await chain.AdminClientAsync();
        var granted = await superUser.PostAsync("/internal/grant-admin-permissions", grant);
        granted.AssertOk("grant-admin-permissions");
        Assert.True(granted.Results.GetProperty("permissions")[0].GetProperty("super_user").GetBoolean());
    }

    [Theory, AllEngines]
    public async Task Revoking_the_last_super_user_of_a_chain_is_refused(string engine)
    {
        var chain = await TesseraApp.Shared(engine).BootstrapAsync();
        using var admin = await chain.AdminClientAsync();

        var revoke = await admin.PostAsync("/internal/revoke-admin-permissions",
            ("chain_id", chain.ChainId.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("username", chain.AdminUsername), ("permissions", "all"));

        revoke.AssertError(ErrorCodes.UpdateNotPermitted);
        (await admin.GetAsync("/internal/get-admins", ("chain_id", chain.ChainId.ToString(System.Globalization.CultureInfo.InvariantCulture)))).AssertOk("get-admins");
    }
}
