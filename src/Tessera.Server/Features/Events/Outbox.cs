using System.Text.Json.Nodes;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Features.Events;

/// <summary>
/// Adds an event to the outbox on the caller's DbContext, so it is saved by the same SaveChanges,
/// in the same transaction, as the change it reports; nothing leaves before the commit.
/// </summary>
public static class Outbox
{
    public static void Add(TesseraDbContext db, int chainId, string type, JsonObject payload, DateTime now) =>
        db.OutboxEvents.Add(Create(chainId, type, payload, now));

    /// <summary>The event row, for a caller that writes it itself in its own transaction (baskets).</summary>
    public static OutboxEvent Create(int chainId, string type, JsonObject payload, DateTime now)
    {
        payload["event"] = type;
        payload["chain_id"] = chainId;
        payload["occurred_at"] = Protocol.SpaazaDates.Iso(now);
        return new OutboxEvent { ChainId = chainId, Type = type, Payload = payload.ToJsonString(), CreatedAt = now };
    }
}
