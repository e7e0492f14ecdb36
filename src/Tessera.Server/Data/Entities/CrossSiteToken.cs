namespace Tessera.Server.Data.Entities;

/// <summary>A short-lived token a member's session hands to a third-party site (get-cross-site-token).</summary>
public sealed class CrossSiteToken
{
    public long Id { get; set; }
    public int UserId { get; set; }
    public int AppId { get; set; }
    public required string TokenHash { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
}
