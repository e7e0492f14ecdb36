namespace Tessera.Server.Data.Entities;

/// <summary>A note on a member, kept in the member's chain (spec: user notes).</summary>
public sealed class UserNote
{
    public int Id { get; set; }
    public int ChainId { get; set; }
    public int UserId { get; set; }
    public required string Text { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>The admin who wrote it; null when a privileged client did.</summary>
    public int? CreatingUserId { get; set; }
}
