using Microsoft.EntityFrameworkCore;
using Tessera.Server.Data;
using Tessera.Server.Features.Sessions;
using Tessera.Server.Protocol;

namespace Tessera.Server.Auth;

/// <summary>
/// Reads the three authentication methods of the spec (lines 675-708): user and admin sessions
/// (<c>session-user-id</c> or a username header, with <c>session-key</c>; every alias in <see cref="RequestHeaders"/>),
/// privileged clients (<c>Authorization: Bearer ID:SECRET</c>) and the app header.
/// Bad credentials do not fail the request here: they are kept on the caller and reported by the
/// endpoints that need a caller, so an anonymous call such as login is not broken by a stale header.
/// </summary>
public sealed class CallerResolver(TesseraDbContext db, AppDirectory apps, ApiClientDirectory clients, TimeProvider clock)
{
    public const string AppHostnameHeader = RequestHeaders.AppHostnameHeader;

    public async Task<Caller> ResolveAsync(HttpContext context)
    {
        var headers = RequestHeaders.Read(context.Request);
        if (headers.Conflicting)
        {
            // Two names of one header disagree: which one the client meant is unknown, so neither is used.
            return new Caller { Kind = CallerKind.Anonymous, CredentialFailure = ErrorCodes.NoValidSession, Headers = headers, AppHeaderSent = headers.AppHostname is not null };
        }
        var hostname = headers.AppHostname?.ToLowerInvariant() ?? "";
        var app = hostname.Length == 0 ? null : await apps.FindAsync(db, hostname, context.RequestAborted);
        var known = new Known(headers, app, hostname.Length > 0);

        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return await ResolvePrivilegedAsync(authorization["Bearer ".Length..].Trim(), known, context.RequestAborted);
        }
        if (headers.UserId is not null || headers.SessionKey is not null || headers.Username is not null)
        {
            return await ResolveSessionAsync(known, context.RequestAborted);
        }
        return new Caller { Kind = CallerKind.Anonymous, App = app, AppHeaderSent = known.AppHeaderSent, Headers = headers };
    }

    /// <summary>What every caller carries, whatever its kind: the headers and the app they name.</summary>
    private readonly record struct Known(RequestHeaders Headers, Data.Entities.App? App, bool AppHeaderSent);

    private async Task<Caller> ResolvePrivilegedAsync(string token, Known known, CancellationToken cancellationToken)
    {
        var separator = token.IndexOf(':', StringComparison.Ordinal);
        if (separator <= 0 || separator == token.Length - 1)
        {
            return Failed(ErrorCodes.AuthorizationInvalid, known);
        }
        var keyId = token[..separator];
        var secret = token[(separator + 1)..];
        var client = await clients.FindAsync(db, keyId, cancellationToken);
        if (client is null || !Secrets.Matches(secret, client.SecretHash))
        {
            return Failed(ErrorCodes.AccessTokenInvalid, known);
        }
        return new Caller { Kind = CallerKind.Privileged, Client = client, App = known.App, AppHeaderSent = known.AppHeaderSent, Headers = known.Headers };
    }

    /// <summary>
    /// The session key finds the session; the user id and the username, whichever are sent, must both be its
    /// user's (the username normalised as at login). Anything else is 6, as a wrong key is.
    /// </summary>
    private async Task<Caller> ResolveSessionAsync(Known known, CancellationToken cancellationToken)
    {
        var headers = known.Headers;
        int? userId = null;
        if (headers.UserId is not null)
        {
            if (!int.TryParse(headers.UserId, out var id))
            {
                return Failed(ErrorCodes.NoValidSession, known);
            }
            userId = id;
        }
        if ((userId is null && string.IsNullOrEmpty(headers.Username)) || !Secrets.IsHexKey(headers.SessionKey))
        {
            return Failed(ErrorCodes.NoValidSession, known);
        }
        var hash = Secrets.Hash(headers.SessionKey!.ToLowerInvariant());
        var now = clock.GetUtcNow().UtcDateTime;
        // The session and its user in one round trip.
        var found = await (from s in db.Sessions.AsNoTracking()
                           join u in db.Users.AsNoTracking() on s.UserId equals u.Id
                           where s.KeyHash == hash && s.ExpiresAt > now
                           select new { Session = s, User = u }).FirstOrDefaultAsync(cancellationToken);
        if (found is null
            || (userId is { } expected && found.User.Id != expected)
            || (headers.Username is { } username && found.User.UsernameNormalized != SessionService.NormalizeUsername(username)))
        {
            return Failed(ErrorCodes.NoValidSession, known);
        }
        var (session, user) = (found.Session, found.User);
        var (app, appHeaderSent) = (known.App, known.AppHeaderSent);
        if (user.IsAdmin)
        {
            var permissions = await db.AdminPermissions.AsNoTracking().Where(p => p.UserId == user.Id).ToListAsync(cancellationToken);
            return new Caller { Kind = CallerKind.Admin, User = user, Session = session, App = app, AppHeaderSent = appHeaderSent, Permissions = permissions, Headers = headers };
        }
        // spec: members authenticate with the app header of their own chain.
        if (app is null)
        {
            return Failed(ErrorCodes.NoMypriceApp, known);
        }
        if (app.ChainId != user.ChainId)
        {
            return Failed(ErrorCodes.InvalidMyPriceApp, known);
        }
        return new Caller { Kind = CallerKind.Member, User = user, Session = session, App = app, AppHeaderSent = appHeaderSent, Headers = headers };
    }

    private static Caller Failed(ApiError error, Known known) =>
        new() { Kind = CallerKind.Anonymous, CredentialFailure = error, App = known.App, AppHeaderSent = known.AppHeaderSent, Headers = known.Headers };
}
