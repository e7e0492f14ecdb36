namespace Tessera.Server.Data.Entities;

/// <summary>One progress adjustment (LevelUp), kept for audit with its comment.</summary>
public sealed class ProgressAdjustment
{
    public long Id { get; set; }
    public int ChainId { get; set; }
    public int CampaignId { get; set; }
    public int UserId { get; set; }
    public long Adjustment { get; set; }
    public string? AuditComment { get; set; }
    public int AdminUserId { get; set; }
    public DateTime CreatedAt { get; set; }
}
