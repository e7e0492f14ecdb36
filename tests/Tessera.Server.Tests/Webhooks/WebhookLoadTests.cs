using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Server.Data.Entities;
using Tessera.Server.Features.Events;
using Tessera.Server.Features.Webhooks;
using Tessera.Server.Tests.Infrastructure;
using Xunit.Abstractions;
using static Tessera.Server.Tests.Webhooks.WebhookTestKit;

namespace Tessera.Server.Tests.Webhooks;

/// <summary>Two servers on one PostgreSQL share the deliveries of 10 000 events to a receiver that fails half the time.</summary>
[Trait("Category", "Slow")]
public sealed class WebhookLoadTests(ITestOutputHelper output)
{
    private const int Events = 10_000;

    [PostgresTheory, PostgresEngine]
    public async Task Two_servers_deliver_every_event_of_ten_thousand_once_to_a_receiver_failing_half_the_time(string engine)
    {
        var database = TestDatabase.Create(engine);
        var clock = new TestClock(DateTimeOffset.UtcNow);
        // Failures are due again at once (the clock stands still): the test is about sharing and losing nothing.
        var settings = Settings(("RetryBaseDelay", "00:00:00"), ("BatchSize", "200"), ("PollInterval", "00:00:00.020"));
        await using var receiver = await WebhookReceiver.StartAsync();
        var successes = new ConcurrentDictionary<long, int>();
        var lostAnswers = new ConcurrentDictionary<long, int>();
        var inFlight = new ConcurrentDictionary<long, int>();
        var overlaps = new ConcurrentBag<long>();
        var random = new Random(26);
        receiver.OnStart = hook =>
        {
            if (inFlight.AddOrUpdate(hook.EventId, 1, (_, n) => n + 1) > 1)
            {
                overlaps.Add(hook.EventId);
            }
        };
        receiver.Answer = hook =>
        {
            double roll;
            lock (random)
            {
                roll = random.NextDouble();
            }
            inFlight.AddOrUpdate(hook.EventId, 0, (_, n) => n - 1);
            if (roll < 0.5)
            {
                return (500, "failing half the time");
            }
            if (roll < 0.51)
            {
                // Taken, but the answer never reaches the server: the one case where the event may come again.
                lostAnswers.AddOrUpdate(hook.EventId, 1, (_, n) => n + 1);
                return (0, "");
            }
            successes.AddOrUpdate(hook.EventId, 1, (_, n) => n + 1);
            return (200, "ok");
        };

        await using var first = new TesseraApp(database, clock, settings);
        var chain = await first.BootstrapAsync();
        var (webhookId, _) = await AddWebhookAsync(chain, receiver.Url);
        await using var second = new TesseraApp(database, clock, settings);
        _ = second.Services; // starts its worker

        var ids = new List<long>();
        for (var i = 0; i < Events; i += 1000)
        {
            ids.AddRange(await AddEventsAsync(first, chain.ChainId, EventTypes.ShopperPointsMutation, 1000));
        }
        var watch = Stopwatch.StartNew();
        await receiver.WaitAsync(_ => successes.Count == Events, TimeSpan.FromMinutes(8), "a success for every event");
        output.WriteLine($"{Events} events delivered in {watch.Elapsed.TotalSeconds:0.0} s with {receiver.Count} requests; "
            + $"{lostAnswers.Count} events had an answer lost; sent by the servers: {Sent(first)} and {Sent(second)}");

        Assert.Empty(overlaps);
        Assert.Equal(ids.Order(), successes.Keys.Order());
        // A success answered reaches the server: no event is taken twice with a 200 unless its answer was lost.
        Assert.All(successes, s => Assert.True(s.Value == 1 || lostAnswers.ContainsKey(s.Key), $"event {s.Key} taken {s.Value} times"));
        Assert.True(Sent(first) > 0 && Sent(second) > 0, "both servers sent");
        var states = await first.WithDbAsync(async db =>
            await db.WebhookDeliveries.AsNoTracking().Where(d => d.EndpointId == webhookId).GroupBy(d => d.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync());
        var deadline = Stopwatch.StartNew();
        while (states.Any(s => s.Key != WebhookDelivery.Succeeded) && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            // The last outcomes may still be on their way to the database.
            await Task.Delay(100);
            states = await first.WithDbAsync(async db =>
                await db.WebhookDeliveries.AsNoTracking().Where(d => d.EndpointId == webhookId).GroupBy(d => d.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync());
        }
        Assert.Equal([(WebhookDelivery.Succeeded, Events)], states.Select(s => (s.Key, s.Count)));
        await second.DisposeAsync();
        await first.DisposeAsync();
        database.Drop();
    }

    private static long Sent(TesseraApp app) => app.Services.GetRequiredService<WebhookSender>().Sent;
}
