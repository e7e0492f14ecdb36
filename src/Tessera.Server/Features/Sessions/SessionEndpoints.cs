using Tessera.Server.Auth;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Sessions;

/// <summary>login, session, get-login-status, logout, get-cross-site-token (spec lines 1349-1620, 1831-1863).</summary>
public static class SessionEndpoints
{
    public static IEndpointRouteBuilder MapSessionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/auth/login", Login).WithName("login").RequireRateLimiting(LoginAddressLimit.Policy);
        app.MapPost("/auth/session", Session).WithName("session");
        app.MapGet("/auth/get-login-status", GetLoginStatus).WithName("get-login-status");
        app.MapDelete("/auth/logout", Logout).WithName("logout");
        app.MapPost("/auth/get-cross-site-token", GetCrossSiteToken).WithName("get-cross-site-token");
        return app;
    }

    private static async Task<IResult> Login(HttpRequest request, Caller caller, SessionService sessions, CancellationToken ct)
    {
        var p = await SpaazaParams.ReadAsync(request, ct);
        var username = p.Required("username");
        var password = p.Required("password");
        if (p.Failure is { } failure)
        {
            return Spaaza.Error(failure);
        }
        if (caller.AppHeaderSent && caller.App is null)
        {
            return Spaaza.Error(ErrorCodes.NoMypriceApp.With("No app is known by this X-MyPrice-App-Hostname"));
        }
        // The client channel of X-Spaaza-Request only filters login campaigns; a malformed header is ignored here.
        var channel = Members.MemberAccess.SignupChannel(request).Value;
        var outcome = await sessions.LoginAsync(username, password, caller.App, channel, ct);
        TooManyLogins.AddRetryAfter(request.HttpContext.Response, outcome.Failure);
        return outcome.ToResult("login");
    }

    private static async Task<IResult> Session(HttpRequest request, Caller caller, SessionService sessions, CancellationToken ct)
    {
        if ((caller.Require(CallerKind.Privileged) ?? caller.CheckPrivilegedApp()) is { } denied)
        {
            return Spaaza.Error(denied);
        }
        var p = await SpaazaParams.ReadAsync(request, ct);
        var who = new MemberIdentifier(
            p.Int("user_id", ErrorCodes.UserIdInvalid),
            NullIfEmpty(p.Text("username")),
            NullIfEmpty(p.Text("member_number")),
            NullIfEmpty(p.Text("authentication_point_identifier")));
        if (p.Failure is { } failure)
        {
            return Spaaza.Error(failure);
        }
        if (who is { UserId: null, Username: null, MemberNumber: null, AuthenticationPointIdentifier: null })
        {
            return Spaaza.Error(ErrorCodes.HttpVarsMissing.With("One of username, user_id, member_number or authentication_point_identifier is required"));
        }
        return (await sessions.LoginOnBehalfAsync(who, caller.App!, ct)).ToResult("session");
    }

    private static async Task<IResult> GetLoginStatus(HttpRequest request, Caller caller, SessionService sessions, CancellationToken ct)
    {
        var p = await SpaazaParams.ReadAsync(request, ct);
        var headers = caller.Headers;
        if (headers.Conflicting)
        {
            return Spaaza.Error(ErrorCodes.NoValidSession);
        }
        // Parameters as documented; the session headers are accepted too, as every other call takes them.
        var userId = p.Int("user_id", ErrorCodes.UserIdInvalid);
        var username = NullIfEmpty(p.Text("username"));
        var sessionKey = NullIfEmpty(p.Text("session_key")) ?? NullIfEmpty(headers.SessionKey);
        if (userId is null && username is null)
        {
            userId = int.TryParse(headers.UserId, out var headerUserId) ? headerUserId : null;
            username = NullIfEmpty(headers.Username);
        }
        if (p.Failure is { } failure)
        {
            return Spaaza.Error(failure);
        }
        if (sessionKey is null || (userId is null && username is null))
        {
            return Spaaza.Error(ErrorCodes.HttpVarsMissing.With("session_key and one of user_id or username are required"));
        }
        return (await sessions.LoginStatusAsync(userId, username, sessionKey, caller.App, ct)).ToResult("get-login-status");
    }

    private static async Task<IResult> Logout(Caller caller, SessionService sessions, CancellationToken ct)
    {
        if (caller.Require(CallerKind.Member, CallerKind.Admin) is { } denied)
        {
            return Spaaza.Error(denied);
        }
        return Spaaza.Ok("logout", await sessions.LogoutAsync(caller.Session!, caller.User!, ct));
    }

    private static async Task<IResult> GetCrossSiteToken(Caller caller, SessionService sessions, CancellationToken ct)
    {
        if (caller.Require(CallerKind.Member) is { } denied)
        {
            return Spaaza.Error(denied);
        }
        return Spaaza.Ok("get-cross-site-token", await sessions.CrossSiteTokenAsync(caller.User!, caller.App!, ct));
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
