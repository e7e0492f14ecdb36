namespace Tessera.Server.Features.Webhooks;

public sealed record WebhookResults(WebhookView Webhook);

/// <summary>add-webhook and rotate-webhook-secret: the endpoint and its new secret, shown this once.</summary>
public sealed record WebhookSecretResults(WebhookView Webhook, string Secret);

public sealed record WebhookListResults(IReadOnlyList<WebhookView> Webhooks);

public sealed record WebhookDeletedResults(int WebhookId, bool Deleted);

public sealed record RedeliveryResults(int WebhookId, int DeliveriesCreated);

public sealed record DeliveryListResults(int WebhookId, IReadOnlyList<DeliveryView> Deliveries);
