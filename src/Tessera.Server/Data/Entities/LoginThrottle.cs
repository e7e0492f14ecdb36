namespace Tessera.Server.Data.Entities;

/// <summary>
/// The failed-login count of one identity (a username in its scope: a chain's members or the admins) and when its
/// next login may be tried. Times are UTC milliseconds since the Unix epoch, so one statement can add to them on
/// both engines (docs/adr/0028-logins-are-reserved-before-the-password-is-checked.md).
/// </summary>
public sealed class LoginThrottle
{
    /// <summary>As <see cref="User.UsernameScope"/>: the chain id for members, 0 for admins.</summary>
    public int UsernameScope { get; set; }

    public required string UsernameNormalized { get; set; }

    /// <summary>Attempts reserved since the last success (each counts as failed until its password is right).</summary>
    public int Failures { get; set; }

    /// <summary>The wait the last reserved attempt set before the next one.</summary>
    public long DelayMs { get; set; }

    public long NextAttemptMs { get; set; }

    public long LastAttemptMs { get; set; }
}
