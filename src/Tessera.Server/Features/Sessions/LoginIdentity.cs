namespace Tessera.Server.Features.Sessions;

/// <summary>
/// Whose failed logins an attempt counts towards: a username in its scope, as users are unique (a chain's id for its
/// members, 0 for admins), so guesses through one chain's app never count against another chain's member.
/// </summary>
public readonly record struct LoginIdentity(int Scope, string Username);
