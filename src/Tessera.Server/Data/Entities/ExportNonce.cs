namespace Tessera.Server.Data.Entities;

/// <summary>A signed download link of a bulk export; used at most once, before it expires.</summary>
public sealed class ExportNonce
{
    public long Id { get; set; }
    public int ChainId { get; set; }
    public required string Entity { get; set; }
    public required string NonceHash { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? UsedAt { get; set; }
}
