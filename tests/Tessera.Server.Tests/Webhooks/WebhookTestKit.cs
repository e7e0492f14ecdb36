using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tessera.Server.Data.Entities;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Webhooks;

/// <summary>Servers that deliver to local receivers quickly, and the calls the webhook tests share.</summary>
internal static class WebhookTestKit
{
    public static Dictionary<string, string?> Settings(params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Webhooks:AllowPrivateAddresses"] = "true",
            ["Webhooks:PollInterval"] = "00:00:00.050",
            ["Webhooks:Timeout"] = "00:00:05",
        };
        foreach (var (key, value) in more)
        {
            settings["Webhooks:" + key] = value;
        }
        return settings;
    }

    public static TesseraApp App(string engine, params (string Key, string Value)[] more) => new(engine, settings: Settings(more));

    public static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>add-webhook by the chain's super-user admin; the endpoint's id and its secret.</summary>
    public static async Task<(int Id, string Secret)> AddWebhookAsync(TestChain chain, string url, string? eventTypes = null)
    {
        using var admin = await chain.AdminClientAsync();
        var parameters = new List<(string, string)> { ("chain_id", Id(chain.ChainId)), ("url", url) };
        if (eventTypes is not null)
        {
            parameters.Add(("event_types", eventTypes));
        }
        var added = await admin.PostAsync("/internal/add-webhook", [.. parameters]);
        added.AssertOk("add-webhook");
        return (added.Results.GetProperty("webhook").GetProperty("id").GetInt32(), added.Results.GetProperty("secret").GetString()!);
    }

    /// <summary>Writes events to the outbox as a producer would (the worker does not read their bodies); their ids.</summary>
    public static Task<List<long>> AddEventsAsync(TesseraApp app, int chainId, string type, int count) => app.WithDbAsync(async db =>
    {
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var events = Enumerable.Range(0, count).Select(i => new OutboxEvent
        {
            ChainId = chainId,
            Type = type,
            Payload = $$$"""{"type":"{{{type}}}","id":"{{{Guid.NewGuid():N}}}","chain_id":{{{chainId}}},"n":{{{i}}},"data":{"note":"Zoë’s ✓ — \u00e9"}}""",
            CreatedAt = now,
        }).ToList();
        db.OutboxEvents.AddRange(events);
        await db.SaveChangesAsync();
        return events.Select(e => e.Id).ToList();
    });

    public static Task<string> PayloadAsync(TesseraApp app, long eventId) =>
        app.WithDbAsync(db => db.OutboxEvents.AsNoTracking().Where(e => e.Id == eventId).Select(e => e.Payload).SingleAsync());

    /// <summary>get-webhook-deliveries of the endpoint, newest first.</summary>
    public static async Task<JsonElement> DeliveriesAsync(TestChain chain, int webhookId)
    {
        using var admin = await chain.AdminClientAsync();
        var answer = await admin.GetAsync("/internal/get-webhook-deliveries", ("webhook_id", Id(webhookId)), ("limit", "500"));
        answer.AssertOk("get-webhook-deliveries");
        return answer.Results.GetProperty("deliveries");
    }

    /// <summary>Waits until the delivery log of the endpoint satisfies <paramref name="done"/>.</summary>
    public static async Task<JsonElement> WaitForDeliveriesAsync(TestChain chain, int webhookId, Func<JsonElement, bool> done, string what)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var deliveries = await DeliveriesAsync(chain, webhookId);
            if (done(deliveries))
            {
                return deliveries;
            }
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), $"the delivery log never showed {what}: {deliveries}");
            await Task.Delay(50);
        }
    }

    public static async Task<JsonElement> WebhookAsync(TestChain chain, int webhookId)
    {
        using var admin = await chain.AdminClientAsync();
        var answer = await admin.GetAsync("/internal/get-webhooks", ("chain_id", Id(chain.ChainId)));
        answer.AssertOk("get-webhooks");
        return answer.Results.GetProperty("webhooks").EnumerateArray().Single(w => w.GetProperty("id").GetInt32() == webhookId);
    }
}
