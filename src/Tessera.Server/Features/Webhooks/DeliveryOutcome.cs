namespace Tessera.Server.Features.Webhooks;

/// <summary>What one POST of a delivery came to: a 2xx in time, or the status or error that makes it a failure.</summary>
public sealed record DeliveryOutcome(ClaimedDelivery Delivery, DateTime AttemptedAt, int? StatusCode, bool Succeeded, int LatencyMs, string? Error, string? ResponseExcerpt);
