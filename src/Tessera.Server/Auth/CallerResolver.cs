using Microsoft.EntityFrameworkCore;
using Tessera.Server.Data;
using Tessera.Server.Protocol;

namespace Tessera.Server.Auth;

/// <summary>
/// Reads the three authentication methods of the spec (lines 675-708): user and admin sessions
/// (<c>session-user-id</c> + <c>session-key</c>, header names case- and dash/underscore-insensitive),
/// privileged clients (<c>Authorization: Bearer ID:SECRET</c>) and the app header.
/// Bad credentials do not fail the request here: they are kept on the caller and reported by the
/// endpoints that need a caller, so an anonymous call such as login is not broken by a stale header.
/// </summary>
public sealed class CallerResolver(TesseraDbContext db, AppDirectory apps, ApiClientDirectory clients, TimeProvider clock)
{
    public const string AppHostnameHeader = "X-MyPrice-App-Hostname";

    public async Task<Caller> ResolveAsync(HttpContext context)
    {
        var headers = SessionHeaders.Read(context.Request);
        var hostname = context.Request.Headers[AppHostnameHeader].ToString().Trim().ToLowerInvariant();
        var app = hostname.Length == 0 ? null : await apps.FindAsync(db, hostname, context.RequestAborted);

        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return await ResolvePrivilegedAsync(authorization["Bearer ".Length..].Trim(), app, hostname.Length > 0, context.RequestAborted);
        }
        if (headers.UserId is not null || headers.SessionKey is not null)
        {
            return await ResolveSessionAsync(headers, app, hostname.Length > 0, context.RequestAborted);
        }
        return new Caller { Kind = CallerKind.Anonymous, App = app, AppHeaderSent = hostname.Length > 0 };
    }

    private async Task<Caller> ResolvePrivilegedAsync(string token, Data.Entities.App? app, bool appHeaderSent, CancellationToken cancellationToken)
    {
        var separator = token.IndexOf(':', StringComparison.Ordinal);
        if (separator <= 0 || separator == token.Length - 1)
        {
            return Failed(ErrorCodes.AuthorizationInvalid, app, appHeaderSent);
        }
        var keyId = token[..separator];
        var secret = token[(separator + 1)..];
        var client = await clients.FindAsync(db, keyId, cancellationToken);
        if (client is null || !Secrets.Matches(secret, client.SecretHash))
        {
            return Failed(ErrorCodes.AccessTokenInvalid, app, appHeaderSent);
        }
        return new Caller { Kind = CallerKind.Privileged, Client = client, App = app, AppHeaderSent = appHeaderSent };
    }

    private async Task<Caller> ResolveSessionAsync(SessionHeaders headers, Data.Entities.App? app, bool appHeaderSent, CancellationToken cancellationToken)
    {
        if (!int.TryParse(headers.UserId, out var userId) || !Secrets.IsHexKey(headers.SessionKey))
        {
            return Failed(ErrorCodes.NoValidSession, app, appHeaderSent);
        }
        var hash = Secrets.Hash(headers.SessionKey!.ToLowerInvariant());
        var now = clock.GetUtcNow().UtcDateTime;
        // The session and its user in one round trip.
        var found = await (from s in db.Sessions.AsNoTracking()
                           join u in db.Users.AsNoTracking() on s.UserId equals u.Id
                           where s.KeyHash == hash && s.UserId == userId && s.ExpiresAt > now
                           select new { Session = s, User = u }).FirstOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return Failed(ErrorCodes.NoValidSession, app, appHeaderSent);
        }
        var (session, user) = (found.Session, found.User);
        if (user.IsAdmin)
        {
            var permissions = await db.AdminPermissions.AsNoTracking().Where(p => p.UserId == user.Id).ToListAsync(cancellationToken);
            return new Caller { Kind = CallerKind.Admin, User = user, Session = session, App = app, AppHeaderSent = appHeaderSent, Permissions = permissions };
        }
        // spec: members authenticate with the app header of their own chain.
        if (app is null)
        {
            return Failed(ErrorCodes.NoMypriceApp, app, appHeaderSent);
        }
        if (app.ChainId != user.ChainId)
        {
            return Failed(ErrorCodes.InvalidMyPriceApp, app, appHeaderSent);
        }
        return new Caller { Kind = CallerKind.Member, User = user, Session = session, App = app, AppHeaderSent = appHeaderSent };
    }

    private static Caller Failed(ApiError error, Data.Entities.App? app, bool appHeaderSent) =>
        new() { Kind = CallerKind.Anonymous, CredentialFailure = error, App = app, AppHeaderSent = appHeaderSent };
}
