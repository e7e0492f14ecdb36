namespace Tessera.Server.Data.Entities;

/// <summary>
/// A domain event written in the same transaction as the change it reports; a background worker
/// (the webhooks feature) delivers it after commit.
/// </summary>
public sealed class OutboxEvent
{
    public long Id { get; set; }
    public int ChainId { get; set; }
    public required string Type { get; set; }
    public required string Payload { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? DispatchedAt { get; set; }
    public int Attempts { get; set; }
}
