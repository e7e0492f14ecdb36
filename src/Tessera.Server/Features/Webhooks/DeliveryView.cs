namespace Tessera.Server.Features.Webhooks;

/// <summary>One delivery of the log: an event to the endpoint, its state, and every attempt (newest deliveries first).</summary>
public sealed record DeliveryView(
    long Id,
    long EventId,
    string? EventType,
    string Status,
    int Attempts,
    string Created,
    string? NextAttempt,
    string? Completed,
    int? LastStatusCode,
    string? LastError,
    IReadOnlyList<AttemptView> AttemptLog);

/// <summary>One POST: when, the answer's status (null when none came), whether it counted as a success, how long it took, the answer's first bytes.</summary>
public sealed record AttemptView(int Attempt, string Attempted, int? StatusCode, bool Succeeded, int LatencyMs, string? Error, string? ResponseExcerpt);
