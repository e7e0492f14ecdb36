using System.Globalization;
using System.Text.Json.Nodes;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Features.Events;

/// <summary>
/// Events in the outbox: the row's <c>payload</c> is exactly the JSON body a webhook POSTs (the spec's samples:
/// <c>type</c>, <c>id</c>, <c>chain_id</c>, <c>created</c>, <c>object</c> where the sample has it, and <c>data</c>),
/// written on the caller's DbContext or batch, so it is saved in the same transaction as the change it reports;
/// nothing leaves before the commit.
/// </summary>
public static class Outbox
{
    public static void Add(TesseraDbContext db, int chainId, string type, JsonObject data, DateTime now) =>
        db.OutboxEvents.Add(Create(chainId, type, data, now));

    /// <summary>The event row, for a caller that writes it itself in its own transaction (baskets).</summary>
    public static OutboxEvent Create(int chainId, string type, JsonObject data, DateTime now)
    {
        var utc = DateTime.SpecifyKind(now, DateTimeKind.Utc);
        var body = new JsonObject
        {
            ["type"] = type,
            ["id"] = EventIds.New(utc),
            ["chain_id"] = chainId,
            // spec samples: "created": "2018-08-07T15:56:15Z"
            ["created"] = utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        };
        if (IsUserEvent(type))
        {
            // Only the user webhook's sample has "object": "event".
            body["object"] = "event";
        }
        body["data"] = data;
        return new OutboxEvent { ChainId = chainId, Type = type, Payload = body.ToJsonString(Protocol.SpaazaJson.Options), CreatedAt = utc };
    }

    private static bool IsUserEvent(string type) =>
        type is EventTypes.ShopperCreated or EventTypes.ShopperOptedIn or EventTypes.ShopperDeleted;
}
