using Tessera.Server.Features.Members;

namespace Tessera.Server.Features.Sessions;

public sealed record SessionInfo(
    string SessionKey,
    string SessionKeyValidity,
    string SessionAuthMethod,
    int SessionUserId,
    string SessionUsername,
    string SessionExpiresDate);

public sealed record LoginResults(SessionInfo SessionInfo, UserInfo UserInfo);

public sealed record LogoutResults(string Username);

public sealed record CrossSiteTokenResults(string Token, string Expiry);
