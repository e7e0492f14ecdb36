using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Server.Features.Events;
using Tessera.Server.Features.Scheduling;
using Tessera.Server.Tests.Infrastructure;
using static Tessera.Server.Tests.Webhooks.WebhookTestKit;

namespace Tessera.Server.Tests.Webhooks;

/// <summary>Delivery to a real local receiver: bodies, signatures, headers, subscriptions, rotation, retries, disabling, redelivery.</summary>
public sealed class WebhookDeliveryTests
{
    [Theory, AllEngines]
    public async Task An_add_user_event_arrives_signed_with_the_secret_and_byte_for_byte_the_outbox_payload(string engine)
    {
        await using var app = App(engine);
        await using var receiver = await WebhookReceiver.StartAsync();
        var chain = await app.BootstrapAsync();
        var (webhookId, secret) = await AddWebhookAsync(chain, receiver.Url);
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);

        var member = await chain.AddMemberAsync();
        var hook = (await receiver.WaitAsync(r => r.Count >= 1, what: "the add-user event")).Single();

        var payload = await PayloadAsync(app, hook.EventId);
        Assert.Equal(Encoding.UTF8.GetBytes(payload), hook.Body);
        Assert.Contains($"\"user_id\":{member.Id}", payload, StringComparison.Ordinal);
        Assert.Equal(ReceivedHook.Sign(secret, hook.Body), hook.Header("X-Spaaza-Hmac-SHA256"));
        Assert.Equal(ReceivedHook.Sign(secret, hook.Stamped), hook.Header("X-Tessera-Signature"));
        Assert.NotEqual(ReceivedHook.Sign("another secret", hook.Body), hook.Header("X-Spaaza-Hmac-SHA256"));
        var timestamp = long.Parse(hook.Header("X-Tessera-Timestamp"), CultureInfo.InvariantCulture);
        Assert.Equal(app.Clock.GetUtcNow().ToUnixTimeSeconds(), timestamp);
        Assert.True(hook.DeliveryId > 0);
        Assert.Equal("1", hook.Header("X-Tessera-Attempt"));
        Assert.Equal(EventTypes.ShopperCreated, hook.Header("X-Tessera-Event-Type"));
        Assert.StartsWith("application/json", hook.Header("Content-Type"), StringComparison.Ordinal);

        var delivery = (await WaitForDeliveriesAsync(chain, webhookId, d => d.GetArrayLength() == 1 && d[0].GetProperty("status").GetString() == "succeeded", "the success")).EnumerateArray().Single();
        Assert.Equal(hook.DeliveryId, delivery.GetProperty("id").GetInt64());
        var attempt = delivery.GetProperty("attempt_log").EnumerateArray().Single();
        Assert.Equal(200, attempt.GetProperty("status_code").GetInt32());
        Assert.True(attempt.GetProperty("succeeded").GetBoolean());
        Assert.Equal("ok", attempt.GetProperty("response_excerpt").GetString());
        Assert.True(attempt.GetProperty("latency_ms").GetInt32() >= 0);

        // The secret is shown once: get-webhooks never carries it.
        var listed = await WebhookAsync(chain, webhookId);
        Assert.DoesNotContain(secret, listed.ToString(), StringComparison.Ordinal);
        Assert.False(listed.TryGetProperty("secret", out _));
        Assert.Equal(receiver.Url, listed.GetProperty("url").GetString());
        Assert.True(listed.GetProperty("active").GetBoolean());
    }

    [Theory, AllEngines]
    public async Task Events_go_only_to_endpoints_of_their_own_chain_that_take_their_type(string engine)
    {
        await using var app = App(engine);
        await using var receiver = await WebhookReceiver.StartAsync();
        var chain = await app.BootstrapAsync();
        var other = await app.BootstrapAsync();
        var (created, _) = await AddWebhookAsync(chain, receiver.Url + "created", EventTypes.ShopperCreated);
        var (all, _) = await AddWebhookAsync(chain, receiver.Url + "all", "*");
        var (elsewhere, _) = await AddWebhookAsync(other, receiver.Url + "other", "*");

        var shopper = await AddEventsAsync(app, chain.ChainId, EventTypes.ShopperCreated, 2);
        var points = await AddEventsAsync(app, chain.ChainId, EventTypes.ShopperPointsMutation, 1);
        var received = await receiver.WaitAsync(r => r.Count >= 5, what: "five requests");
        await Task.Delay(300);
        received = receiver.Received;

        Assert.Equal(5, received.Count);
        Assert.Equal(shopper, received.Where(h => h.Path.EndsWith("created", StringComparison.Ordinal)).Select(h => h.EventId).Order());
        Assert.Equal([.. shopper, .. points], received.Where(h => h.Path.EndsWith("all", StringComparison.Ordinal)).Select(h => h.EventId).Order());
        Assert.DoesNotContain(received, h => h.Path.EndsWith("other", StringComparison.Ordinal));
        Assert.Equal(0, (await DeliveriesAsync(other, elsewhere)).GetArrayLength());
        _ = (created, all);
    }

    [Theory, AllEngines]
    public async Task A_rotated_secret_signs_beside_the_old_one_until_the_grace_period_ends(string engine)
    {
        await using var app = App(engine);
        await using var receiver = await WebhookReceiver.StartAsync();
        var chain = await app.BootstrapAsync();
        var (webhookId, oldSecret) = await AddWebhookAsync(chain, receiver.Url);

        using var admin = await chain.AdminClientAsync();
        var rotated = await admin.PostAsync("/internal/rotate-webhook-secret", ("webhook_id", Id(webhookId)), ("grace_period_hours", "2"));
        rotated.AssertOk("rotate-webhook-secret");
        var newSecret = rotated.Results.GetProperty("secret").GetString()!;
        Assert.NotEqual(oldSecret, newSecret);
        Assert.NotNull(rotated.Results.GetProperty("webhook").GetProperty("previous_secret_valid_until").GetString());

        await AddEventsAsync(app, chain.ChainId, EventTypes.ShopperOptedIn, 1);
        var during = (await receiver.WaitAsync(r => r.Count >= 1)).Single();
        Assert.Equal($"{ReceivedHook.Sign(newSecret, during.Body)},{ReceivedHook.Sign(oldSecret, during.Body)}", during.Header("X-Spaaza-Hmac-SHA256"));
        Assert.Equal($"{ReceivedHook.Sign(newSecret, during.Stamped)},{ReceivedHook.Sign(oldSecret, during.Stamped)}", during.Header("X-Tessera-Signature"));

        app.Clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromSeconds(1));
        await AddEventsAsync(app, chain.ChainId, EventTypes.ShopperOptedIn, 1);
        var after = (await receiver.WaitAsync(r => r.Count >= 2)).Single(h => h.Number == 2);
        Assert.Equal(ReceivedHook.Sign(newSecret, after.Body), after.Header("X-Spaaza-Hmac-SHA256"));
        Assert.Equal(ReceivedHook.Sign(newSecret, after.Stamped), after.Header("X-Tessera-Signature"));
        Assert.True((await WebhookAsync(chain, webhookId)).GetProperty("previous_secret_valid_until").ValueKind == System.Text.Json.JsonValueKind.Null);
    }

    [Theory, AllEngines]
    public async Task A_failed_delivery_is_retried_with_growing_jittered_delays_until_it_succeeds(string engine)
    {
        await using var app = App(engine, ("RetryBaseDelay", "00:00:10"), ("RetryMaxDelay", "01:00:00"));
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = hook => hook.Number <= 3 ? (503, "busy") : (204, "");
        var chain = await app.BootstrapAsync();
        var (webhookId, _) = await AddWebhookAsync(chain, receiver.Url);
        var eventId = (await AddEventsAsync(app, chain.ChainId, EventTypes.ShopperVoucherIssued, 1)).Single();

        for (var failure = 1; failure <= 3; failure++)
        {
            var count = failure;
            var delivery = (await WaitForDeliveriesAsync(chain, webhookId, d => d.GetArrayLength() == 1 && d[0].GetProperty("attempts").GetInt32() == count, $"attempt {count}"))[0];
            Assert.Equal("pending", delivery.GetProperty("status").GetString());
            Assert.Equal(503, delivery.GetProperty("last_status_code").GetInt32());
            var last = delivery.GetProperty("attempt_log")[count - 1];
            Assert.Equal("busy", last.GetProperty("response_excerpt").GetString());
            Assert.False(last.GetProperty("succeeded").GetBoolean());
            // Equal jitter: between half and all of 10 s × 2^(failures-1).
            var wait = DateTimeOffset.Parse(delivery.GetProperty("next_attempt").GetString()!, CultureInfo.InvariantCulture) - app.Clock.GetUtcNow();
            var full = TimeSpan.FromSeconds(10 * Math.Pow(2, failure - 1));
            Assert.InRange(wait, (full / 2) - TimeSpan.FromSeconds(1), full);
            Assert.Equal(failure, receiver.Count);

            // Not before it is due.
            app.Clock.Advance(wait - TimeSpan.FromSeconds(1));
            await Task.Delay(300);
            Assert.Equal(failure, receiver.Count);
            app.Clock.Advance(TimeSpan.FromSeconds(2));
        }

        var done = (await WaitForDeliveriesAsync(chain, webhookId, d => d[0].GetProperty("status").GetString() == "succeeded", "the success"))[0];
        Assert.Equal(4, done.GetProperty("attempts").GetInt32());
        Assert.Equal([1, 2, 3, 4], done.GetProperty("attempt_log").EnumerateArray().Select(a => a.GetProperty("attempt").GetInt32()));
        var hooks = receiver.Received;
        Assert.All(hooks, h => Assert.Equal(eventId, h.EventId));
        Assert.Single(hooks.Select(h => h.DeliveryId).Distinct());
        Assert.Equal(["1", "2", "3", "4"], hooks.OrderBy(h => h.Number).Select(h => h.Header("X-Tessera-Attempt")));
        Assert.True((await WebhookAsync(chain, webhookId)).GetProperty("failing_since").ValueKind == System.Text.Json.JsonValueKind.Null);
    }

    [Theory, AllEngines]
    public async Task An_endpoint_failing_for_the_whole_window_is_disabled_with_its_reason_and_its_delivery_marked_failed(string engine)
    {
        await using var app = App(engine, ("RetryWindow", "01:00:00"), ("DisableAfter", "01:00:00"), ("RetryBaseDelay", "00:10:00"));
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = _ => (500, "broken");
        var chain = await app.BootstrapAsync();
        var (webhookId, _) = await AddWebhookAsync(chain, receiver.Url);
        await AddEventsAsync(app, chain.ChainId, EventTypes.ShopperCreated, 1);
        await receiver.WaitAsync(r => r.Count >= 1);
        await WaitForDeliveriesAsync(chain, webhookId, d => d[0].GetProperty("attempts").GetInt32() == 1, "the first failure");
        Assert.True((await WebhookAsync(chain, webhookId)).GetProperty("active").GetBoolean());
        Assert.NotNull((await WebhookAsync(chain, webhookId)).GetProperty("failing_since").GetString());

        // Retried until the window ends, then failed for good; the endpoint has failed for an hour: disabled.
        for (var i = 0; i < 12 && (await DeliveriesAsync(chain, webhookId))[0].GetProperty("status").GetString() == "pending"; i++)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(10));
            await Task.Delay(300);
        }
        Assert.True(receiver.Count >= 3, $"{receiver.Count} attempts in the hour");
        var failed = (await WaitForDeliveriesAsync(chain, webhookId, d => d[0].GetProperty("status").GetString() == "failed", "the delivery failed"))[0];
        Assert.Equal(500, failed.GetProperty("last_status_code").GetInt32());
        var webhook = await WebhookAsync(chain, webhookId);
        Assert.False(webhook.GetProperty("active").GetBoolean());
        Assert.Contains("HTTP 500", webhook.GetProperty("disabled_reason").GetString(), StringComparison.Ordinal);
        Assert.NotNull(webhook.GetProperty("disabled_at").GetString());

        // Disabled: new events do not reach it. Turned on again: the reason is cleared and events flow.
        var sent = receiver.Count;
        await AddEventsAsync(app, chain.ChainId, EventTypes.ShopperCreated, 1);
        await Task.Delay(500);
        Assert.Equal(sent, receiver.Count);
        receiver.Answer = _ => (200, "ok");
        using var admin = await chain.AdminClientAsync();
        var altered = await admin.PutAsync("/internal/alter-webhook", ("webhook_id", Id(webhookId)), ("active", "true"));
        altered.AssertOk("alter-webhook");
        Assert.True(altered.Results.GetProperty("webhook").GetProperty("disabled_reason").ValueKind == System.Text.Json.JsonValueKind.Null);
        var fresh = (await AddEventsAsync(app, chain.ChainId, EventTypes.ShopperCreated, 1)).Single();
        await receiver.WaitAsync(r => r.Any(h => h.EventId == fresh && h.Status == 200), what: "the event after turning it on");
    }

    [Theory, AllEngines]
    public async Task Redelivery_sends_one_event_again_or_every_event_since_a_time(string engine)
    {
        await using var app = App(engine);
        await using var receiver = await WebhookReceiver.StartAsync();
        var chain = await app.BootstrapAsync();
        var (webhookId, secret) = await AddWebhookAsync(chain, receiver.Url, $"{EventTypes.ShopperCreated},{EventTypes.ShopperPointsMutation}");
        var early = await AddEventsAsync(app, chain.ChainId, EventTypes.ShopperCreated, 2);
        await receiver.WaitAsync(r => r.Count >= 2);
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var since = app.Clock.GetUtcNow();
        var late = await AddEventsAsync(app, chain.ChainId, EventTypes.ShopperPointsMutation, 3);
        await AddEventsAsync(app, chain.ChainId, EventTypes.ShopperOptedIn, 1); // not taken by this endpoint
        await receiver.WaitAsync(r => r.Count >= 5);

        using var admin = await chain.AdminClientAsync();
        var one = await admin.PostAsync("/internal/redeliver-webhook", ("webhook_id", Id(webhookId)), ("event_id", Id(early[0])));
        one.AssertOk("redeliver-webhook");
        Assert.Equal(1, one.Results.GetProperty("deliveries_created").GetInt32());
        var again = await receiver.WaitAsync(r => r.Count >= 6, what: "the redelivered event");
        var redelivered = again.Single(h => h.Number == 6);
        Assert.Equal(early[0], redelivered.EventId);
        Assert.NotEqual(again.Single(h => h.Number <= 2 && h.EventId == early[0]).DeliveryId, redelivered.DeliveryId);
        Assert.Equal(ReceivedHook.Sign(secret, redelivered.Body), redelivered.Header("X-Spaaza-Hmac-SHA256"));

        var all = await admin.PostAsync("/internal/redeliver-webhook", ("webhook_id", Id(webhookId)), ("since", since.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture)));
        all.AssertOk("redeliver-webhook");
        Assert.Equal(3, all.Results.GetProperty("deliveries_created").GetInt32());
        var everything = await receiver.WaitAsync(r => r.Count >= 9, what: "the events since then");
        Assert.Equal(late, everything.Where(h => h.Number > 6).Select(h => h.EventId).Order());

        // Both or neither of event_id and since: 428; an event of another chain: 68.
        var both = await admin.PostAsync("/internal/redeliver-webhook", ("webhook_id", Id(webhookId)), ("event_id", Id(early[0])), ("since", "2026-01-01 00:00:00"));
        both.AssertError(Tessera.Server.Protocol.ErrorCodes.ParameterCombinationNotAllowed);
        var other = await app.BootstrapAsync();
        var foreign = (await AddEventsAsync(app, other.ChainId, EventTypes.ShopperCreated, 1)).Single();
        await Task.Delay(200);
        var elsewhere = await admin.PostAsync("/internal/redeliver-webhook", ("webhook_id", Id(webhookId)), ("event_id", Id(foreign)));
        elsewhere.AssertError(Tessera.Server.Protocol.ErrorCodes.PermissionDeniedOrNonExistent);
    }

    [Theory, AllEngines]
    public async Task The_delivery_log_is_removed_after_its_retention_by_the_scheduled_clean_up(string engine)
    {
        await using var app = App(engine, ("LogRetention", "1.00:00:00"));
        await using var receiver = await WebhookReceiver.StartAsync();
        var chain = await app.BootstrapAsync();
        var (webhookId, _) = await AddWebhookAsync(chain, receiver.Url);
        await AddEventsAsync(app, chain.ChainId, EventTypes.ShopperCreated, 2);
        await WaitForDeliveriesAsync(chain, webhookId, d => d.GetArrayLength() == 2 && d.EnumerateArray().All(x => x.GetProperty("status").GetString() == "succeeded"), "two successes");
        var scheduler = app.Services.GetRequiredService<JobScheduler>();

        app.Clock.Advance(TimeSpan.FromHours(23));
        Assert.Contains("webhook-log-cleanup", await scheduler.RunDueAsync(CancellationToken.None));
        Assert.Equal(2, (await DeliveriesAsync(chain, webhookId)).GetArrayLength());
        app.Clock.Advance(TimeSpan.FromHours(2));
        // Hourly by default: due again two hours later, and now past the retention.
        Assert.Contains("webhook-log-cleanup", await scheduler.RunDueAsync(CancellationToken.None));
        Assert.Equal(0, (await DeliveriesAsync(chain, webhookId)).GetArrayLength());
        Assert.Equal(0, await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.WebhookAttempts)));
    }
}
