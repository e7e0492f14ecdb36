using Tessera.Server.Auth;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Administration;

/// <summary>
/// The administration of a chain over the API, for admins with super-user rights on it (68 otherwise; other callers
/// 424 or 6): admins and their permissions, apps and privileged keys, in the style of the Spaaza calls. The chain is
/// <c>chain_id</c> or the <c>Session-Chain-Id</c> header (82 without either). Not in the Spaaza spec: Tessera's own
/// calls, for a console (docs/spec-choices.md). The work is <see cref="AdministrationService"/>'s, shared with the CLI.
/// </summary>
public static class AdministrationEndpoints
{
    public static IEndpointRouteBuilder MapAdministrationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/internal/add-admin", AddAdmin).WithName("add-admin");
        app.MapGet("/internal/get-admins", GetAdmins).WithName("get-admins");
        app.MapPost("/internal/grant-admin-permissions", GrantAdminPermissions).WithName("grant-admin-permissions");
        app.MapPost("/internal/revoke-admin-permissions", RevokeAdminPermissions).WithName("revoke-admin-permissions");
        app.MapPut("/internal/reset-admin-password", ResetAdminPassword).WithName("reset-admin-password");
        app.MapPost("/internal/add-app", AddApp).WithName("add-app");
        app.MapGet("/internal/get-apps", GetApps).WithName("get-apps");
        app.MapPost("/internal/add-privileged-key", AddPrivilegedKey).WithName("add-privileged-key");
        app.MapGet("/internal/get-privileged-keys", GetPrivilegedKeys).WithName("get-privileged-keys");
        app.MapPost("/internal/revoke-privileged-key", RevokePrivilegedKey).WithName("revoke-privileged-key");
        app.MapPost("/internal/rotate-privileged-key", RotatePrivilegedKey).WithName("rotate-privileged-key");
        return app;
    }

    /// <summary>The parameters and the chain on which the caller is a super user, or why not.</summary>
    private static async Task<(SpaazaParams P, Outcome<int> Chain)> SuperUserAsync(HttpRequest request, Caller caller, CancellationToken ct)
    {
        var p = await SpaazaParams.ReadAsync(request, ct);
        var chain = ChainScope.Resolve(caller, p, ChainRule.AdminParamOrSessionChain, sessionChain: caller.SessionChainId);
        if (chain.Failure is null && !caller.IsSuperUser(chain.Value))
        {
            chain = ErrorCodes.PermissionDeniedOrNonExistent.With("only a super user of the chain may administer it");
        }
        return (p, chain);
    }

    private static PermissionSet? Permissions(SpaazaParams p, bool required)
    {
        var text = p.Text("permissions");
        if (string.IsNullOrEmpty(text) && !required)
        {
            return null;
        }
        var set = PermissionSet.Parse(text);
        if (set is null)
        {
            p.Fail(ErrorCodes.ParameterInvalid.With($"permissions must list {PermissionSet.Names}"));
        }
        return set;
    }

    private static async Task<IResult> AddAdmin(HttpRequest request, Caller caller, AdministrationService administration, CancellationToken ct)
    {
        var (p, chain) = await SuperUserAsync(request, caller, ct);
        var username = p.Required("username");
        var password = p.Required("password");
        var permissions = Permissions(p, required: true);
        var businessId = p.Int("business_id", ErrorCodes.BusinessIdInvalid);
        if ((chain.Failure ?? p.Failure) is { } failure)
        {
            return Spaaza.Error(failure);
        }
        return (await administration.AddAdminAsync(chain.Value, username, password, permissions!.Value, businessId, ct)).ToResult("add-admin");
    }

    private static async Task<IResult> GetAdmins(HttpRequest request, Caller caller, AdministrationService administration, CancellationToken ct)
    {
        var (_, chain) = await SuperUserAsync(request, caller, ct);
        if (chain.Failure is { } failure)
        {
            return Spaaza.Error(failure);
        }
        var admins = await administration.ListAdminsAsync(chain.Value, ct);
        return admins.Failure is { } refused ? Spaaza.Error(refused) : Spaaza.Ok("get-admins", new AdminListResults(admins.Value!));
    }

    private static Task<IResult> GrantAdminPermissions(HttpRequest request, Caller caller, AdministrationService administration, CancellationToken ct) =>
        ChangePermissionsAsync(request, caller, "grant-admin-permissions", administration.GrantAsync, ct);

    private static Task<IResult> RevokeAdminPermissions(HttpRequest request, Caller caller, AdministrationService administration, CancellationToken ct) =>
        ChangePermissionsAsync(request, caller, "revoke-admin-permissions", administration.RevokeAsync, ct);

    private static async Task<IResult> ChangePermissionsAsync(HttpRequest request, Caller caller, string call,
        Func<int, string, PermissionSet, int?, CancellationToken, Task<Outcome<AdminView>>> change, CancellationToken ct)
    {
        var (p, chain) = await SuperUserAsync(request, caller, ct);
        var username = p.Required("username");
        var permissions = Permissions(p, required: true);
        var businessId = p.Int("business_id", ErrorCodes.BusinessIdInvalid);
        if ((chain.Failure ?? p.Failure) is { } failure)
        {
            return Spaaza.Error(failure);
        }
        return (await change(chain.Value, username, permissions!.Value, businessId, ct)).ToResult(call);
    }

    private static async Task<IResult> ResetAdminPassword(HttpRequest request, Caller caller, AdministrationService administration, CancellationToken ct)
    {
        var (p, chain) = await SuperUserAsync(request, caller, ct);
        var username = p.Required("username");
        var password = p.HasValue("password") ? p.Text("password") : null;
        if ((chain.Failure ?? p.Failure) is { } failure)
        {
            return Spaaza.Error(failure);
        }
        return (await administration.ResetPasswordAsync(chain.Value, username, password, ct)).ToResult("reset-admin-password");
    }

    private static async Task<IResult> AddApp(HttpRequest request, Caller caller, AdministrationService administration, CancellationToken ct)
    {
        var (p, chain) = await SuperUserAsync(request, caller, ct);
        var hostname = p.Required("hostname");
        var name = p.Text("name", 255, ErrorCodes.StringParameterTooLong);
        if ((chain.Failure ?? p.Failure) is { } failure)
        {
            return Spaaza.Error(failure);
        }
        return (await administration.AddAppAsync(chain.Value, hostname, name, ct)).ToResult("add-app");
    }

    private static async Task<IResult> GetApps(HttpRequest request, Caller caller, AdministrationService administration, CancellationToken ct)
    {
        var (_, chain) = await SuperUserAsync(request, caller, ct);
        if (chain.Failure is { } failure)
        {
            return Spaaza.Error(failure);
        }
        var apps = await administration.ListAppsAsync(chain.Value, ct);
        return apps.Failure is { } refused ? Spaaza.Error(refused) : Spaaza.Ok("get-apps", new AppListResults(apps.Value!));
    }

    private static async Task<IResult> AddPrivilegedKey(HttpRequest request, Caller caller, AdministrationService administration, CancellationToken ct)
    {
        var (p, chain) = await SuperUserAsync(request, caller, ct);
        var name = p.Text("name", 255, ErrorCodes.StringParameterTooLong);
        if ((chain.Failure ?? p.Failure) is { } failure)
        {
            return Spaaza.Error(failure);
        }
        return (await administration.CreateKeyAsync(chain.Value, name, ct)).ToResult("add-privileged-key");
    }

    private static async Task<IResult> GetPrivilegedKeys(HttpRequest request, Caller caller, AdministrationService administration, CancellationToken ct)
    {
        var (_, chain) = await SuperUserAsync(request, caller, ct);
        if (chain.Failure is { } failure)
        {
            return Spaaza.Error(failure);
        }
        var keys = await administration.ListKeysAsync(chain.Value, ct);
        return keys.Failure is { } refused ? Spaaza.Error(refused) : Spaaza.Ok("get-privileged-keys", new PrivilegedKeyListResults(keys.Value!));
    }

    private static async Task<IResult> RevokePrivilegedKey(HttpRequest request, Caller caller, AdministrationService administration, CancellationToken ct)
    {
        var (p, chain) = await SuperUserAsync(request, caller, ct);
        var keyId = p.Required("key_id");
        if ((chain.Failure ?? p.Failure) is { } failure)
        {
            return Spaaza.Error(failure);
        }
        return (await administration.RevokeKeyAsync(chain.Value, keyId, ct)).ToResult("revoke-privileged-key");
    }

    private static async Task<IResult> RotatePrivilegedKey(HttpRequest request, Caller caller, AdministrationService administration, CancellationToken ct)
    {
        var (p, chain) = await SuperUserAsync(request, caller, ct);
        var keyId = p.Required("key_id");
        if ((chain.Failure ?? p.Failure) is { } failure)
        {
            return Spaaza.Error(failure);
        }
        return (await administration.RotateKeyAsync(chain.Value, keyId, ct)).ToResult("rotate-privileged-key");
    }
}
