using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tessera.Server.Data.Entities;
using Tessera.Server.Features.Events;
using Tessera.Server.Tests.Infrastructure;
using Tessera.Server.Tests.Webhooks;
using static Tessera.Server.Tests.Cli.AdministrationCommandTests;

namespace Tessera.Server.Tests.Cli;

/// <summary>webhooks at the command line: the same endpoints, secrets and refusals as the webhook calls.</summary>
[Trait("Category", "Slow")]
public sealed class WebhooksCommandTests
{
    private static readonly string[] PrivateAddresses = ["--Webhooks:AllowPrivateAddresses", "true"];

    [Theory, AllEngines]
    public async Task An_endpoint_added_at_the_command_line_is_listed_signs_with_the_secret_printed_and_is_deleted(string engine)
    {
        var (database, key) = await BootstrapAsync(engine);
        await using var receiver = await WebhookReceiver.StartAsync();

        var added = await JsonAsync(database, "webhooks", ["add", "--chain-id", "1", "--url", receiver.Url, "--event-types", EventTypes.ShopperCreated, .. PrivateAddresses]);
        var webhookId = added.GetProperty("webhook").GetProperty("id").GetInt32();
        var secret = added.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);

        var listed = await JsonAsync(database, "webhooks", "list", "--chain-id", "1");
        var webhook = Assert.Single(listed.GetProperty("webhooks").EnumerateArray());
        Assert.Equal((webhookId, receiver.Url, EventTypes.ShopperCreated), (webhook.GetProperty("id").GetInt32(), webhook.GetProperty("url").GetString(),
            Assert.Single(webhook.GetProperty("event_types").EnumerateArray()).GetString()));
        Assert.DoesNotContain(secret, listed.GetRawText(), StringComparison.Ordinal);

        var id = webhookId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        long eventId;
        // A server on the same database sees the endpoint and signs with the secret the command printed.
        await using (var server = new TesseraApp(database, settings: WebhookTestKit.Settings()))
        {
            using var client = server.Client().Bearer(key).App("acme.example.test");
            var viaApi = await client.GetAsync("/internal/get-webhooks", ("chain_id", "1"));
            viaApi.AssertOk("get-webhooks");
            Assert.Equal(webhookId, viaApi.Results.GetProperty("webhooks")[0].GetProperty("id").GetInt32());

            await WebhookTestKit.AddEventsAsync(server, 1, EventTypes.ShopperCreated, 1);
            var hook = Assert.Single(await receiver.WaitAsync(r => r.Count >= 1, what: "the event"));
            Assert.Equal(ReceivedHook.Sign(secret, hook.Body), hook.Header("X-Spaaza-Hmac-SHA256"));
            eventId = hook.EventId;
            for (var i = 0; i < 100 && !await server.WithDbAsync(db => db.WebhookDeliveries.AnyAsync(d => d.Status == WebhookDelivery.Succeeded)); i++)
            {
                await Task.Delay(50);
            }
        }
        var deliveries = await JsonAsync(database, "webhooks", "deliveries", "--chain-id", "1", "--webhook-id", id, "--status", "succeeded");
        Assert.Equal(eventId, Assert.Single(deliveries.GetProperty("deliveries").EnumerateArray()).GetProperty("event_id").GetInt64());

        var deleted = await JsonAsync(database, "webhooks", "delete", "--chain-id", "1", "--webhook-id", id);
        Assert.True(deleted.GetProperty("deleted").GetBoolean());
        Assert.Empty((await JsonAsync(database, "webhooks", "list", "--chain-id", "1")).GetProperty("webhooks").EnumerateArray());
        await using var db = database.NewContext();
        Assert.False(await db.WebhookEndpoints.AnyAsync());
        Assert.False(await db.WebhookDeliveries.AnyAsync());
    }

    [Theory, AllEngines]
    public async Task A_bad_url_an_unknown_event_type_or_a_missing_endpoint_is_refused_with_one_line_on_stderr(string engine)
    {
        var (database, _) = await BootstrapAsync(engine);

        var badUrl = await ServerCommand.RunAsync(database, "webhooks", "add", "--chain-id", "1", "--url", "ftp://example.test/hook");
        var unknownType = await ServerCommand.RunAsync(database, "webhooks", "add", "--chain-id", "1", "--url", "https://example.test/hook", "--event-types", "shopper.bogus");
        var missing = await ServerCommand.RunAsync(database, "webhooks", "delete", "--chain-id", "1", "--webhook-id", "1");

        foreach (var (run, start) in new[] { (badUrl, "webhooks add: 419 parameter_invalid: "), (unknownType, "webhooks add: 411 parameter_not_in_whitelist: "),
            (missing, "webhooks delete: 68 permission_denied_or_non_existent: ") })
        {
            Assert.Equal(1, run.ExitCode);
            Assert.Equal("", run.Stdout);
            Assert.StartsWith(start, Assert.Single(run.Stderr.TrimEnd('\n').Split('\n')), StringComparison.Ordinal);
        }
        await using var db = database.NewContext();
        Assert.False(await db.WebhookEndpoints.AnyAsync());
    }
}
