namespace Tessera.Server.Auth;

/// <summary>Configuration section <c>Auth</c>.</summary>
public sealed class AuthOptions
{
    /// <summary>spec: session_key_validity, in hours; 336 (two weeks) as in the login sample.</summary>
    public int SessionValidityHours { get; set; } = 336;

    /// <summary>
    /// Failed logins in a row for one identity (a chain's member, or an admin) that are checked at once; from the last
    /// of them on, each further attempt must wait <see cref="FailedLoginDelaySeconds"/>, doubled with every failure.
    /// </summary>
    public int MaxFailedLogins { get; set; } = 5;

    /// <summary>The first wait after <see cref="MaxFailedLogins"/> failures.</summary>
    public int FailedLoginDelaySeconds { get; set; } = 1;

    /// <summary>The longest wait between two attempts, however many failed: an attacker cannot lock anyone out for longer.</summary>
    public int MaxFailedLoginDelaySeconds { get; set; } = 300;

    /// <summary>An identity's failures are forgotten this long after its last attempt.</summary>
    public int FailedLoginWindowMinutes { get; set; } = 15;

    /// <summary>Login attempts (login and LevelUp access tokens) one client address may make per <see cref="AddressLoginWindowSeconds"/>; 0 turns the limit off.</summary>
    public int AddressLoginLimit { get; set; } = 30;

    public int AddressLoginWindowSeconds { get; set; } = 60;

    public int CrossSiteTokenValidityMinutes { get; set; } = 10;
}
