namespace Tessera.Server.Features.Webhooks;

/// <summary>A delivery this server claimed, with the event's body to send as it is stored.</summary>
public sealed record ClaimedDelivery(long Id, int EndpointId, long EventId, int Attempts, DateTime CreatedAt, string EventType, string Payload);
