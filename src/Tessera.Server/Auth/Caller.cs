using Tessera.Server.Data.Entities;
using Tessera.Server.Protocol;

namespace Tessera.Server.Auth;

/// <summary>Who is calling: resolved once per request from the session, bearer and app headers.</summary>
public sealed class Caller
{
    public static readonly Caller Anonymous = new() { Kind = CallerKind.Anonymous };

    public CallerKind Kind { get; init; }

    /// <summary>The member or admin of a session.</summary>
    public User? User { get; init; }

    public Session? Session { get; init; }

    /// <summary>The privileged client of a bearer token.</summary>
    public ApiClient? Client { get; init; }

    /// <summary>The app named by <c>X-MyPrice-App-Hostname</c>, when it names a known app.</summary>
    public App? App { get; init; }

    /// <summary>True when the header was sent at all (known app or not).</summary>
    public bool AppHeaderSent { get; init; }

    public IReadOnlyList<AdminPermission> Permissions { get; init; } = [];

    /// <summary>The session, chain and app headers as sent, under whichever names (<see cref="RequestHeaders"/>).</summary>
    public RequestHeaders Headers { get; init; }

    /// <summary>The chain of the <c>Session-Chain-Id</c> header (or its aliases) when it is an integer.</summary>
    public int? SessionChainId => Headers.SessionChainId;

    /// <summary>Credentials that were sent but are not valid (6, 265, 266, 269, 312); the caller is then anonymous.</summary>
    public ApiFailure? CredentialFailure { get; init; }

    /// <summary>Minimal API binding: every handler that takes a <see cref="Caller"/> gets the resolved one.</summary>
    public static async ValueTask<Caller> BindAsync(HttpContext context) =>
        await context.RequestServices.GetRequiredService<CallerResolver>().ResolveAsync(context);

    /// <summary>
    /// Null when the caller is of an allowed kind; otherwise the failure to answer: the credential
    /// failure if bad credentials were sent, 268 when only privileged clients may call, 6 when nobody
    /// authenticated, 424 for an authenticated caller of a kind the endpoint does not serve.
    /// </summary>
    public ApiFailure? Require(params CallerKind[] allowed)
    {
        if (allowed.Contains(Kind))
        {
            return null;
        }
        if (CredentialFailure is not null)
        {
            return CredentialFailure;
        }
        if (allowed is [CallerKind.Privileged])
        {
            return ErrorCodes.NoPrivilegedAuth;
        }
        return Kind == CallerKind.Anonymous ? ErrorCodes.NoValidSession : ErrorCodes.AccessDenied;
    }

    public bool IsAdmin => Kind == CallerKind.Admin;

    public bool IsPrivileged => Kind == CallerKind.Privileged;

    public bool IsMember => Kind == CallerKind.Member;

    public bool IsSuperUser(int chainId) => IsAdmin && Permissions.Any(p => p.ChainId == chainId && p.BusinessId is null && p.IsSuperUser);

    /// <summary>
    /// Admin: a chain-wide permission row grants it (super users hold all). Privileged: its own chain only.
    /// Everyone else, and every other chain: no.
    /// </summary>
    public bool Can(Permission permission, int chainId) => Kind switch
    {
        CallerKind.Privileged => Client!.ChainId == chainId,
        CallerKind.Admin => Permissions.Any(p => p.ChainId == chainId && p.BusinessId is null && Grants(p, permission)),
        _ => false,
    };

    /// <summary>As <see cref="Can(Permission, int)"/>, also granted by a row for that one business.</summary>
    public bool Can(Permission permission, int chainId, int businessId) =>
        Can(permission, chainId) ||
        (IsAdmin && Permissions.Any(p => p.ChainId == chainId && p.BusinessId == businessId && Grants(p, permission)));

    private static bool Grants(AdminPermission p, Permission permission) => p.IsSuperUser || permission switch
    {
        Permission.Read => p.CanRead || p.CanWrite,
        Permission.Write => p.CanWrite,
        Permission.Assign => p.CanAssign,
        Permission.Delete => p.CanDelete,
        _ => false,
    };

    /// <summary>The app of the header; 269 when absent or unknown.</summary>
    public Outcome<App> RequireApp() => App is { } app ? app : ErrorCodes.NoMypriceApp;

    /// <summary>
    /// Privileged calls that name an app (spec: "X-MyPrice-App-Hostname mandatory when using privileged
    /// authentication") must name an app of the client's own chain: 269 without it, 312 for another chain's.
    /// </summary>
    public ApiFailure? CheckPrivilegedApp()
    {
        if (!IsPrivileged)
        {
            return null;
        }
        if (App is null)
        {
            return ErrorCodes.NoMypriceApp;
        }
        return App.ChainId == Client!.ChainId ? null : new ApiFailure(ErrorCodes.InvalidMyPriceApp);
    }
}
