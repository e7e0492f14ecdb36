namespace Tessera.Server.Data.Entities;

/// <summary>The delivery log: one row per POST to an endpoint, kept for <c>Webhooks:LogRetention</c>.</summary>
public sealed class WebhookAttempt
{
    public long Id { get; set; }
    public long DeliveryId { get; set; }
    public int EndpointId { get; set; }
    public long EventId { get; set; }
    public int Attempt { get; set; }
    public DateTime AttemptedAt { get; set; }
    public int? StatusCode { get; set; }
    public bool Succeeded { get; set; }
    public int LatencyMs { get; set; }
    public string? Error { get; set; }

    /// <summary>The first bytes of the receiver's answer, as text.</summary>
    public string? ResponseExcerpt { get; set; }
}
