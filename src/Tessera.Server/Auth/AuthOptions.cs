namespace Tessera.Server.Auth;

/// <summary>Configuration section <c>Auth</c>.</summary>
public sealed class AuthOptions
{
    /// <summary>spec: session_key_validity, in hours; 336 (two weeks) as in the login sample.</summary>
    public int SessionValidityHours { get; set; } = 336;

    /// <summary>Failed logins for one username within <see cref="FailedLoginWindowMinutes"/> before 307.</summary>
    public int MaxFailedLogins { get; set; } = 5;

    public int FailedLoginWindowMinutes { get; set; } = 15;

    public int CrossSiteTokenValidityMinutes { get; set; } = 10;
}
