using Tessera.Server.Data.Entities;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Webhooks;

/// <summary>An endpoint as the webhook calls answer it; its secret only in <see cref="WebhookSecretResults"/>.</summary>
public sealed record WebhookView(
    int Id,
    int ChainId,
    string Url,
    IReadOnlyList<string> EventTypes,
    bool Active,
    string Created,
    string Updated,
    string? FailingSince,
    string? DisabledAt,
    string? DisabledReason,
    string? PreviousSecretValidUntil)
{
    public static WebhookView From(WebhookEndpoint e, DateTime now) => new(
        e.Id, e.ChainId, e.Url, WebhookEventTypes.List(e.EventTypes), e.Active, SpaazaDates.Iso(e.CreatedAt), SpaazaDates.Iso(e.UpdatedAt),
        SpaazaDates.Iso(e.FailingSince), SpaazaDates.Iso(e.DisabledAt), e.DisabledReason,
        e.PreviousSecret is not null && e.PreviousSecretUntil > now ? SpaazaDates.Iso(e.PreviousSecretUntil) : null);
}
