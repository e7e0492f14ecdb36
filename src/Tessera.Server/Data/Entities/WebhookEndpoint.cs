namespace Tessera.Server.Data.Entities;

/// <summary>
/// Where a chain's events are sent: a URL, the event types it takes, and its shared secret (encrypted with ASP.NET
/// Core Data Protection; during a rotation the previous secret signs too, until <see cref="PreviousSecretUntil"/>).
/// </summary>
public sealed class WebhookEndpoint
{
    public int Id { get; set; }
    public int ChainId { get; set; }
    public required string Url { get; set; }

    /// <summary>Comma-separated event types, or <c>*</c> for every event.</summary>
    public required string EventTypes { get; set; }
    public bool Active { get; set; }
    public required string Secret { get; set; }
    public string? PreviousSecret { get; set; }
    public DateTime? PreviousSecretUntil { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>The first failure since the last success; null while deliveries succeed.</summary>
    public DateTime? FailingSince { get; set; }
    public DateTime? DisabledAt { get; set; }
    public string? DisabledReason { get; set; }
}
