using System.CommandLine;
using Tessera.Server.Data.Entities;
using Tessera.Server.Features.Webhooks;
using Tessera.Server.Protocol;
using static Tessera.Server.Protocol.SpaazaJsonContext;

namespace Tessera.Server.Cli;

/// <summary>
/// <c>webhooks add|list|alter|delete|rotate-secret|redeliver|deliveries</c>: a chain's webhook endpoints, through the
/// same <see cref="WebhookService"/> as the webhook calls (docs/webhooks.md). A secret is shown once, by add and rotate-secret.
/// </summary>
internal static class WebhooksCommand
{
    public static Command Create()
    {
        var webhooks = new Command("webhooks", "A chain's webhook endpoints: add, list, alter, delete, rotate the secret, redeliver, read the delivery log.");
        var chainId = AdminsCommand.ChainIdOption();
        var webhookId = new Option<int>("--webhook-id") { Description = "The endpoint's id", Required = true };
        var eventTypes = new Option<string?>("--event-types") { Description = $"* (all) or a comma-separated list of: {string.Join(", ", WebhookEventTypes.Known)}" };
        var active = new Option<bool?>("--active") { Description = "true or false: whether the endpoint receives events" };

        var url = new Option<string>("--url") { Description = "The https address the events are POSTed to", Required = true };
        var add = CliCommand.Create("add", "Add an endpoint to a chain and print its signing secret (once).", chainId, url, eventTypes, active);
        add.SetWork(async (parse, services, ct) =>
        {
            var input = WebhookInput.Create(parse.GetValue(url), parse.GetValue(eventTypes), parse.GetValue(active));
            if (input.Failure is { } failure)
            {
                return CliAnswer.Refuse(failure);
            }
            await services.GetRequiredService<WebhookKeyRing>().EnsureKeyAsync(ct);
            return CliAnswer.From(await services.GetRequiredService<WebhookService>().AddAsync(parse.GetValue(chainId), input.Value!, ct), Default.WebhookSecretResults);
        });
        webhooks.Subcommands.Add(add);

        var list = CliCommand.Create("list", "List a chain's endpoints (never their secrets).", chainId);
        list.SetWork(async (parse, services, ct) => CliAnswer.From<WebhookListResults>(
            await services.GetRequiredService<WebhookService>().ListAsync(parse.GetValue(chainId), ct), Default.WebhookListResults));
        webhooks.Subcommands.Add(list);

        var newUrl = new Option<string?>("--url") { Description = "A new https address" };
        var alter = CliCommand.Create("alter", "Change an endpoint's address, event types or state (turning it off ends its pending deliveries as failed).",
            chainId, webhookId, newUrl, eventTypes, active);
        alter.SetWork((parse, services, ct) => OnWebhookAsync(parse, services, chainId, webhookId, async (webhookService, endpoint) =>
        {
            var input = WebhookInput.Create(parse.GetValue(newUrl), parse.GetValue(eventTypes), parse.GetValue(active));
            return input.Failure is { } failure
                ? CliAnswer.Refuse(failure)
                : CliAnswer.From(await webhookService.AlterAsync(endpoint, input.Value!, ct), Default.WebhookResults);
        }, ct));
        webhooks.Subcommands.Add(alter);

        var delete = CliCommand.Create("delete", "Remove an endpoint with its deliveries and their log.", chainId, webhookId);
        delete.SetWork((parse, services, ct) => OnWebhookAsync(parse, services, chainId, webhookId,
            async (webhookService, endpoint) => CliAnswer.From<WebhookDeletedResults>(await webhookService.DeleteAsync(endpoint, ct), Default.WebhookDeletedResults), ct));
        webhooks.Subcommands.Add(delete);

        var grace = new Option<int?>("--grace-period-hours") { Description = "How long the old secret keeps signing too (Webhooks:RotationGrace, 24, when left out)" };
        var rotate = CliCommand.Create("rotate-secret", "Give an endpoint a new signing secret and print it (once).", chainId, webhookId, grace);
        rotate.SetWork((parse, services, ct) => OnWebhookAsync(parse, services, chainId, webhookId,
            async (webhookService, endpoint) =>
            {
                await services.GetRequiredService<WebhookKeyRing>().EnsureKeyAsync(ct);
                return CliAnswer.From(await webhookService.RotateAsync(endpoint, parse.GetValue(grace), ct), Default.WebhookSecretResults);
            }, ct));
        webhooks.Subcommands.Add(rotate);

        var eventId = new Option<long?>("--event-id") { Description = "One event to send again" };
        var since = new Option<string?>("--since") { Description = "Every event dispatched since then (e.g. 2026-12-01T00:00:00+00:00; UTC when no offset)" };
        var redeliver = CliCommand.Create("redeliver", "Queue an event (--event-id) or every event since a time (--since) for the endpoint again.", chainId, webhookId, eventId, since);
        redeliver.SetWork((parse, services, ct) => OnWebhookAsync(parse, services, chainId, webhookId, async (webhookService, endpoint) =>
        {
            DateTime? from = null;
            if (parse.GetValue(since) is { Length: > 0 } text)
            {
                var parsed = WebhookService.ParseSince(text);
                if (parsed.Failure is { } failure)
                {
                    return CliAnswer.Refuse(failure);
                }
                from = parsed.Value;
            }
            return CliAnswer.From(await webhookService.RedeliverAsync(endpoint, parse.GetValue(eventId), from, ct), Default.RedeliveryResults);
        }, ct));
        webhooks.Subcommands.Add(redeliver);

        var status = new Option<string?>("--status") { Description = $"Only deliveries in this state: {string.Join(", ", WebhookService.StatusNames)}" };
        var deliveryEvent = new Option<long?>("--event-id") { Description = "Only the deliveries of this event" };
        var limit = new Option<int?>("--limit") { Description = $"Deliveries listed, newest first ({WebhookService.DefaultDeliveriesListed} when left out, at most {WebhookService.MaxDeliveriesListed})" };
        var deliveries = CliCommand.Create("deliveries", "An endpoint's delivery log, newest first, each delivery with its attempts.", chainId, webhookId, status, deliveryEvent, limit);
        deliveries.SetWork((parse, services, ct) => OnWebhookAsync(parse, services, chainId, webhookId, async (webhookService, endpoint) => CliAnswer.From(
            await webhookService.DeliveriesAsync(endpoint, parse.GetValue(status), parse.GetValue(deliveryEvent), null, parse.GetValue(limit), ct), Default.DeliveryListResults), ct));
        webhooks.Subcommands.Add(deliveries);
        return webhooks;
    }

    /// <summary>The commands on one endpoint: it must belong to the chain given (68 otherwise, as the calls answer).</summary>
    private static async Task<CliAnswer> OnWebhookAsync(ParseResult parse, IServiceProvider services, Option<int> chainId, Option<int> webhookId,
        Func<WebhookService, WebhookEndpoint, Task<CliAnswer>> then, CancellationToken cancellationToken)
    {
        var webhookService = services.GetRequiredService<WebhookService>();
        var endpoint = await webhookService.FindInChainAsync(parse.GetValue(chainId), parse.GetValue(webhookId), cancellationToken);
        return endpoint.Failure is { } failure ? CliAnswer.Refuse(failure) : await then(webhookService, endpoint.Value!);
    }
}
