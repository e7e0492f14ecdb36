namespace Tessera.Server.Data.Entities;

/// <summary>A login session. Only the SHA-256 of the key is stored; the key itself is shown once.</summary>
public sealed class Session
{
    public long Id { get; set; }
    public int UserId { get; set; }
    public required string KeyHash { get; set; }
    public required string AuthMethod { get; set; }
    public int? AppId { get; set; }
    public int ValidityHours { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
}
