using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tessera.Server.Data.Entities;
using Tessera.Server.Features.Events;
using Tessera.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tessera.Server.Tests.Webhooks;

/// <summary>The server as a real process, killed (SIGKILL) in the middle of deliveries: after a restart every event arrives.</summary>
[Trait("Category", "Slow")]
public sealed class WebhookCrashTests(ITestOutputHelper output)
{
    private const int Events = 3000;

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Webhooks:AllowPrivateAddresses"] = "true",
        ["Webhooks:PollInterval"] = "00:00:00.050",
        // A killed server's claims return after this, for the next server to send.
        ["Webhooks:Lease"] = "00:00:10",
        ["Webhooks:Timeout"] = "00:00:04",
    };

    [Theory, AllEngines]
    public async Task Killing_the_server_in_the_middle_of_deliveries_loses_no_event(string engine)
    {
        var database = TestDatabase.Create(engine);
        var chain = await ServerProcess.BootstrapAsync(database);
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Delay = TimeSpan.FromMilliseconds(3);
        var received = new ConcurrentDictionary<long, int>();
        receiver.OnEnd = (hook, _) => received.AddOrUpdate(hook.EventId, 1, (_, n) => n + 1);

        int atKill;
        await using (var server = await ServerProcess.StartAsync(database, output, Settings))
        {
            using var http = server.Client(chain);
            using var added = await http.PostAsync("/internal/add-webhook", new FormUrlEncodedContent([new("url", receiver.Url)]));
            var answer = await added.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(added.IsSuccessStatusCode, answer.ToString());
            await AddEventsAsync(database, chain.ChainId);
            await receiver.WaitAsync(r => r.Count >= Events / 5, TimeSpan.FromSeconds(90), "a fifth of the events before the kill");
            server.Kill();
            atKill = received.Count;
            output.WriteLine($"killed after {receiver.Count} requests, {atKill} distinct events");
        }
        Assert.True(atKill < Events, "the kill came after every event was sent: nothing was cut");

        await using (await ServerProcess.StartAsync(database, output, Settings))
        {
            await receiver.WaitAsync(_ => received.Count == Events, TimeSpan.FromSeconds(120), "every event after the restart");
            var statuses = await StatusesAsync(database);
            for (var i = 0; i < 100 && statuses.Any(s => s != WebhookDelivery.Succeeded); i++)
            {
                await Task.Delay(100);
                statuses = await StatusesAsync(database);
            }
            Assert.All(statuses, s => Assert.Equal(WebhookDelivery.Succeeded, s));
            Assert.Equal(Events, statuses.Count);
        }
        // Only what was in flight or sent but not yet recorded when the process died comes twice: at most one claim.
        var twice = received.Count(r => r.Value > 1);
        output.WriteLine($"{Events} events arrived; {twice} of them twice (sent before the kill, not recorded)");
        Assert.InRange(twice, 0, 100);
        database.Drop();
    }

    private static async Task AddEventsAsync(TestDatabase database, int chainId)
    {
        await using var db = database.NewContext();
        var now = DateTime.UtcNow;
        db.OutboxEvents.AddRange(Enumerable.Range(0, Events).Select(i => new OutboxEvent
        {
            ChainId = chainId,
            Type = EventTypes.ShopperPointsMutation,
            Payload = "{\"type\":\"shopper.points-mutation\",\"n\":" + i.ToString(CultureInfo.InvariantCulture) + "}",
            CreatedAt = now,
        }));
        await db.SaveChangesAsync();
    }

    private static async Task<List<int>> StatusesAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        return await db.WebhookDeliveries.AsNoTracking().Select(d => d.Status).ToListAsync();
    }
}
