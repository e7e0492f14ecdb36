using Tessera.Server.Features.ApiReference;

namespace Tessera.Server.Features.Webhooks;

/// <summary>The webhook calls for the OpenAPI document (docs/webhooks.md).</summary>
public static class WebhookCallDocs
{
    private static readonly Param WebhookId = Param.Int("webhook_id", "The webhook endpoint.", required: true);

    private const string EventTypes =
        "Comma-separated event types (shopper.created, shopper.opted-in, shopper.deleted, shopper.loyalty-level-changed, shopper.voucher-issued, shopper.points-mutation, receipt.created); empty: all.";

    public static IEnumerable<CallDoc> All =>
    [
        new("add-webhook", "Add a webhook endpoint; its signing secret is in this answer only", Credentials.Admin | Credentials.Privileged,
            CommonParams.ChainId, Param.Text("url", "Where events are POSTed (https; public addresses only unless allowed by a setting).", required: true),
            Param.Text("event_types", EventTypes), Param.Flag("active", "Deliver to it (default true)."))
        {
            ResultExample = """{"webhook":{"id":1,"url":"https://crm.example.com/hooks/tessera","event_types":["shopper.created"],"active":true},"secret":"whsec_…","result_type":"add-webhook"}""",
        },
        new("get-webhooks", "A chain's webhook endpoints, with why any was disabled", Credentials.Admin | Credentials.Privileged, CommonParams.ChainId),
        new("alter-webhook", "Change a webhook endpoint's address, event types or active flag", Credentials.Admin | Credentials.Privileged,
            WebhookId, Param.Text("url", "A new address."), Param.Text("event_types", EventTypes), Param.Flag("active", "Deliver to it; true again after it was disabled.")),
        new("delete-webhook", "Delete a webhook endpoint and its delivery log", Credentials.Admin | Credentials.Privileged, WebhookId),
        new("rotate-webhook-secret", "A new signing secret; the old one also signs during the grace period", Credentials.Admin | Credentials.Privileged,
            WebhookId, Param.Int("grace_period_hours", "Hours the old secret keeps signing beside the new one (0-168, default 24).")),
        new("redeliver-webhook", "Send one event again, or every event since a time", Credentials.Admin | Credentials.Privileged,
            WebhookId, Param.Int("event_id", "The event to send again (or since)."), Param.Text("since", "Every event created since (ISO 8601, or yyyy-MM-dd HH:mm:ss UTC).")),
        new("get-webhook-deliveries", "An endpoint's delivery log: attempts, status, latency and the start of each answer", Credentials.Admin | Credentials.Privileged,
            WebhookId, Param.Text("status", "Only deliveries in this status: pending, succeeded or failed."), Param.Int("event_id", "Only this event's deliveries."),
            Param.Int("before_id", "Page: deliveries before this id."), Param.Int("limit", "At most this many.")),
    ];
}
