namespace Tessera.Server.Data.Entities;

/// <summary>
/// One event to send to one endpoint, retried until it succeeds or its window ends. A server claims it until
/// <see cref="ClaimedUntil"/> (its <see cref="ClaimToken"/> then records the outcome); after that another may take it.
/// </summary>
public sealed class WebhookDelivery
{
    public const int Pending = 0;
    public const int Succeeded = 1;
    public const int Failed = 2;

    public long Id { get; set; }
    public int EndpointId { get; set; }
    public long EventId { get; set; }
    public int Status { get; set; }
    public int Attempts { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public DateTime? ClaimedUntil { get; set; }
    public string? ClaimToken { get; set; }
    public DateTime? CompletedAt { get; set; }
    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }
}
