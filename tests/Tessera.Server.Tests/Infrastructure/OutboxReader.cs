using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Tessera.Server.Tests.Infrastructure;

/// <summary>The event bodies a chain's changes wrote to the outbox, in the order they were written.</summary>
public static class OutboxReader
{
    public static Task<List<JsonElement>> BodiesAsync(TestChain chain, string type) =>
        chain.App.WithDbAsync(async db => (await db.OutboxEvents.AsNoTracking().Where(e => e.ChainId == chain.ChainId && e.Type == type)
            .OrderBy(e => e.Id).Select(e => e.Payload).ToListAsync()).Select(Parse).ToList());

    public static Task<int> CountAsync(TestChain chain, string type) =>
        chain.App.WithDbAsync(db => db.OutboxEvents.CountAsync(e => e.ChainId == chain.ChainId && e.Type == type));

    private static JsonElement Parse(string payload)
    {
        using var document = JsonDocument.Parse(payload);
        return document.RootElement.Clone();
    }
}
