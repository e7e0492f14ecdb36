using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tessera.Server.Auth;
using Tessera.Server.Data.Sql;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;
using Tessera.Server.Features.Campaigns;
using Tessera.Server.Features.Members;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Sessions;

/// <summary>Logins, sessions and cross-site tokens.</summary>
public sealed class SessionService(TesseraDbContext db, Passwords passwords, LoginThrottle throttle, UserInfoReader userInfo, CampaignRewards rewards, LoyaltyService loyalty, IOptions<AuthOptions> options, TimeProvider clock, ILogger<SessionService> logger)
{
    private readonly AuthOptions _options = options.Value;

    /// <summary>
    /// spec login: checks the password, deletes the user's existing sessions and creates a new one.
    /// With an app the username is looked up among that chain's members first, then among admins.
    /// The attempt is reserved against the identity's failed-login limit before the password is checked.
    /// </summary>
    public async Task<Outcome<LoginResults>> LoginAsync(string username, string password, App? app, string? clientChannel, CancellationToken cancellationToken)
    {
        var normalized = NormalizeUsername(username);
        User? user = null;
        if (app is not null)
        {
            user = await db.Users.FirstOrDefaultAsync(u => u.UsernameScope == app.ChainId && u.UsernameNormalized == normalized, cancellationToken);
        }
        user ??= await db.Users.FirstOrDefaultAsync(u => u.UsernameScope == 0 && u.UsernameNormalized == normalized, cancellationToken);

        // An unknown username counts in the scope it was looked up in first, as a member of that name would.
        var identity = new LoginIdentity(user?.UsernameScope ?? app?.ChainId ?? 0, normalized);
        var failure = await CheckAsync(identity, user?.PasswordHash, password, cancellationToken);
        if (failure is not null || user is null)
        {
            return failure ?? ErrorCodes.PasswordErrorOrNonExistent;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Sessions.Where(s => s.UserId == user.Id).ExecuteDeleteAsync(cancellationToken);
        await throttle.ClearAsync(identity, cancellationToken);
        var (session, key) = NewSession(user, user.IsAdmin ? null : app, "password", now);
        db.Sessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        if (!user.IsAdmin)
        {
            // Login campaigns reward a member's first login (spec: campaign types).
            await rewards.OnLoginAsync(user, clientChannel, cancellationToken);
            await loyalty.EvaluateAsync(user, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return new LoginResults(Info(session, key, user), await userInfo.ReadAsync(user, cancellationToken));
    }

    /// <summary>
    /// Checks an admin's credentials under the same failed-login limit as login (307), without creating a
    /// session: for callers that issue their own tokens (LevelUp access tokens).
    /// </summary>
    public async Task<Outcome<User>> VerifyAdminAsync(string username, string password, CancellationToken cancellationToken)
    {
        var normalized = NormalizeUsername(username);
        var admin = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UsernameScope == 0 && u.UsernameNormalized == normalized, cancellationToken);
        var identity = new LoginIdentity(0, normalized);
        var failure = await CheckAsync(identity, admin?.PasswordHash, password, cancellationToken);
        if (failure is not null || admin is null)
        {
            return failure ?? ErrorCodes.PasswordErrorOrNonExistent;
        }
        await throttle.ClearAsync(identity, cancellationToken);
        return admin;
    }

    /// <summary>
    /// Reserves the attempt, then checks the password (against a decoy hash for an unknown user, which takes as long):
    /// 307 when the identity must wait, 5 for a wrong password, null when it is right (its failures are not cleared yet).
    /// </summary>
    private async Task<ApiFailure?> CheckAsync(LoginIdentity identity, string? passwordHash, string password, CancellationToken cancellationToken)
    {
        if (await throttle.ReserveAsync(identity, cancellationToken) is { } wait)
        {
            logger.LogWarning("Login refused for {Username} in scope {Scope}: too many failures, next attempt in {Wait}", identity.Username, identity.Scope, wait);
            return TooManyLogins.Failure(wait);
        }
        if (await passwords.VerifyAsync(passwordHash, password))
        {
            return null;
        }
        await throttle.ForgetIdleAsync(cancellationToken);
        return ErrorCodes.PasswordErrorOrNonExistent;
    }

    /// <summary>spec session: a privileged client logs in on behalf of a member of its app's chain.</summary>
    public async Task<Outcome<LoginResults>> LoginOnBehalfAsync(MemberIdentifier who, App app, CancellationToken cancellationToken)
    {
        var members = db.Users.Where(u => !u.IsAdmin && u.ChainId == app.ChainId);
        User? user;
        if (who.UserId is { } id)
        {
            user = await members.FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
        }
        else if (who.Username is { } username)
        {
            var normalized = NormalizeUsername(username);
            user = await db.Users.FirstOrDefaultAsync(u => u.UsernameScope == app.ChainId && u.UsernameNormalized == normalized, cancellationToken);
        }
        else if (who.MemberNumber is { } memberNumber)
        {
            user = await members.FirstOrDefaultAsync(u => u.MemberNumber == memberNumber, cancellationToken);
        }
        else
        {
            user = await members.FirstOrDefaultAsync(u => u.AuthenticationPointIdentifier == who.AuthenticationPointIdentifier, cancellationToken);
        }
        if (user is null || user.Obfuscated)
        {
            return ErrorCodes.UserNotFound;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        // Unlike login, a session on behalf of the member leaves the member's own sessions alone:
        // a webshop logging a shopper in must not log the shopper's phone out.
        var (session, key) = NewSession(user, app, "password", now);
        db.Sessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        return new LoginResults(Info(session, key, user), await userInfo.ReadAsync(user, cancellationToken));
    }

    /// <summary>spec get-login-status: the session must belong to the user named by id or username.</summary>
    public async Task<Outcome<UserInfo>> LoginStatusAsync(int? userId, string? username, string sessionKey, App? app, CancellationToken cancellationToken)
    {
        if (!Secrets.IsHexKey(sessionKey))
        {
            return ErrorCodes.NoValidSession;
        }
        var hash = Secrets.Hash(sessionKey.ToLowerInvariant());
        var now = clock.GetUtcNow().UtcDateTime;
        var found = await (from s in db.Sessions.AsNoTracking()
                           join u in db.Users.AsNoTracking() on s.UserId equals u.Id
                           where s.KeyHash == hash && s.ExpiresAt > now
                           select u).FirstOrDefaultAsync(cancellationToken);
        if (found is null
            || (userId is { } id && found.Id != id)
            || (username is not null && found.UsernameNormalized != NormalizeUsername(username)))
        {
            return ErrorCodes.NoValidSession;
        }
        if (!found.IsAdmin)
        {
            // spec: the app header is mandatory for member sessions.
            if (app is null)
            {
                return ErrorCodes.NoMypriceApp;
            }
            if (app.ChainId != found.ChainId)
            {
                return ErrorCodes.NoValidSession;
            }
        }
        return await userInfo.ReadAsync(found, cancellationToken);
    }

    public async Task<LogoutResults> LogoutAsync(Session session, User user, CancellationToken cancellationToken)
    {
        await db.Sessions.Where(s => s.Id == session.Id).ExecuteDeleteAsync(cancellationToken);
        return new LogoutResults(user.Username);
    }

    public async Task<CrossSiteTokenResults> CrossSiteTokenAsync(User member, App app, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var token = Secrets.NewKey();
        var expires = now.AddMinutes(_options.CrossSiteTokenValidityMinutes);
        db.CrossSiteTokens.Add(new CrossSiteToken { UserId = member.Id, AppId = app.Id, TokenHash = Secrets.Hash(token), CreatedAt = now, ExpiresAt = expires });
        await db.SaveChangesAsync(cancellationToken);
        return new CrossSiteTokenResults(token, SpaazaDates.Iso(expires));
    }

    public static string NormalizeUsername(string username) => username.Trim().ToLowerInvariant();

    private (Session Session, string Key) NewSession(User user, App? app, string authMethod, DateTime now)
    {
        var key = Secrets.NewKey();
        var session = new Session
        {
            UserId = user.Id,
            KeyHash = Secrets.Hash(key),
            AuthMethod = authMethod,
            AppId = app?.Id,
            ValidityHours = _options.SessionValidityHours,
            CreatedAt = now,
            ExpiresAt = now.AddHours(_options.SessionValidityHours),
        };
        return (session, key);
    }

    private static SessionInfo Info(Session session, string key, User user) => new(
        key,
        session.ValidityHours.ToString(System.Globalization.CultureInfo.InvariantCulture),
        session.AuthMethod,
        user.Id,
        user.Username,
        SpaazaDates.Utc(session.ExpiresAt));
}
