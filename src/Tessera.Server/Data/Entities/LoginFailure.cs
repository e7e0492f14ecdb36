namespace Tessera.Server.Data.Entities;

/// <summary>One failed login for a username; counted within a window to refuse with 307.</summary>
public sealed class LoginFailure
{
    public long Id { get; set; }
    public required string UsernameNormalized { get; set; }
    public DateTime AttemptedAt { get; set; }
}
