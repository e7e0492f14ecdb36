using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tessera.Server.Auth;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;
using Tessera.Server.Data.Sql;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Webhooks;

/// <summary>A chain's webhook endpoints: add, list, alter, delete, rotate the secret, redeliver, read the delivery log.</summary>
public sealed class WebhookService(TesseraDbContext db, WebhookSecrets secrets, IOptions<WebhookOptions> options, TimeProvider clock)
{
    /// <summary>Events one redelivery may queue at most.</summary>
    public const int MaxRedeliveries = 100_000;

    /// <summary>Deliveries get-webhook-deliveries lists when no limit is sent, and at most.</summary>
    public const int DefaultDeliveriesListed = 50;

    public const int MaxDeliveriesListed = 500;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<Outcome<WebhookSecretResults>> AddAsync(int chainId, WebhookInput input, CancellationToken cancellationToken)
    {
        if (!await db.Chains.AnyAsync(c => c.Id == chainId, cancellationToken))
        {
            return ErrorCodes.PermissionDeniedOrNonExistent.With($"no chain has id {chainId.ToString(CultureInfo.InvariantCulture)}");
        }
        if (await RefuseUrlAsync(input.Url!, cancellationToken) is { } refused)
        {
            return refused;
        }
        var now = Now;
        var secret = WebhookSecrets.New();
        var endpoint = new WebhookEndpoint
        {
            ChainId = chainId,
            Url = input.Url!,
            EventTypes = input.EventTypes ?? WebhookEventTypes.All,
            Active = input.Active ?? true,
            Secret = secrets.Protect(secret),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.WebhookEndpoints.Add(endpoint);
        await db.SaveChangesAsync(cancellationToken);
        return new WebhookSecretResults(WebhookView.From(endpoint, now), secret);
    }

    public async Task<WebhookListResults> ListAsync(int chainId, CancellationToken cancellationToken)
    {
        var now = Now;
        var endpoints = await db.WebhookEndpoints.AsNoTracking().Where(e => e.ChainId == chainId).OrderBy(e => e.Id).ToListAsync(cancellationToken);
        return new WebhookListResults([.. endpoints.Select(e => WebhookView.From(e, now))]);
    }

    /// <summary>The endpoint, when the caller holds <paramref name="permission"/> on its chain; 68 otherwise, as for one that does not exist.</summary>
    public async Task<Outcome<WebhookEndpoint>> FindAsync(Caller caller, int webhookId, Permission permission, CancellationToken cancellationToken)
    {
        var endpoint = await db.WebhookEndpoints.FirstOrDefaultAsync(e => e.Id == webhookId, cancellationToken);
        if (endpoint is null)
        {
            return ErrorCodes.PermissionDeniedOrNonExistent;
        }
        return ChainScope.OfRow(caller, endpoint.ChainId, permission, ErrorCodes.PermissionDeniedOrNonExistent) is { } denied ? denied : endpoint;
    }

    /// <summary>The endpoint when it belongs to the chain (the command line, which runs with the database's rights); 68 otherwise.</summary>
    public async Task<Outcome<WebhookEndpoint>> FindInChainAsync(int chainId, int webhookId, CancellationToken cancellationToken) =>
        await db.WebhookEndpoints.FirstOrDefaultAsync(e => e.Id == webhookId && e.ChainId == chainId, cancellationToken) is { } endpoint
            ? endpoint
            : ErrorCodes.PermissionDeniedOrNonExistent;

    /// <summary>
    /// Changes what was sent. Turning an endpoint on clears why it was disabled; turning it off ends its pending
    /// deliveries as failed (redeliver-webhook sends them again).
    /// </summary>
    public async Task<Outcome<WebhookResults>> AlterAsync(WebhookEndpoint endpoint, WebhookInput input, CancellationToken cancellationToken)
    {
        if (input.Url is { } url && url != endpoint.Url && await RefuseUrlAsync(url, cancellationToken) is { } refused)
        {
            return refused;
        }
        var now = Now;
        endpoint.Url = input.Url ?? endpoint.Url;
        endpoint.EventTypes = input.EventTypes ?? endpoint.EventTypes;
        if (input.Active is { } active && active != endpoint.Active)
        {
            endpoint.Active = active;
            endpoint.FailingSince = null;
            if (active)
            {
                endpoint.DisabledAt = null;
                endpoint.DisabledReason = null;
            }
        }
        endpoint.UpdatedAt = now;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await new SqlBatch(db).Add(WebhookSql.FailPendingOfInactive, endpoint.Id, now, "endpoint turned off").ExecuteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new WebhookResults(WebhookView.From(endpoint, now));
    }

    /// <summary>Removes the endpoint with its deliveries and their log.</summary>
    public async Task<WebhookDeletedResults> DeleteAsync(WebhookEndpoint endpoint, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await new SqlBatch(db)
            .Add("DELETE FROM webhook_attempts WHERE endpoint_id = $1", endpoint.Id)
            .Add("DELETE FROM webhook_deliveries WHERE endpoint_id = $1", endpoint.Id)
            .Add("DELETE FROM webhook_endpoints WHERE id = $1", endpoint.Id)
            .ExecuteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new WebhookDeletedResults(endpoint.Id, true);
    }

    /// <summary>
    /// A new secret; the old one keeps signing too (a second signature in each header) for <paramref name="graceHours"/>
    /// (<c>Webhooks:RotationGrace</c> when null, at most <c>Webhooks:MaxRotationGrace</c>).
    /// </summary>
    public async Task<Outcome<WebhookSecretResults>> RotateAsync(WebhookEndpoint endpoint, int? graceHours, CancellationToken cancellationToken)
    {
        var max = options.Value.MaxRotationGrace;
        if (graceHours is < 0 || (graceHours is { } h && TimeSpan.FromHours(h) > max))
        {
            return ErrorCodes.ParameterInvalid.With($"grace_period_hours must be between 0 and {max.TotalHours:0}");
        }
        var grace = graceHours is { } given ? TimeSpan.FromHours(given) : options.Value.RotationGrace;
        var now = Now;
        var secret = WebhookSecrets.New();
        endpoint.PreviousSecret = grace > TimeSpan.Zero ? endpoint.Secret : null;
        endpoint.PreviousSecretUntil = grace > TimeSpan.Zero ? now + grace : null;
        endpoint.Secret = secrets.Protect(secret);
        endpoint.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return new WebhookSecretResults(WebhookView.From(endpoint, now), secret);
    }

    /// <summary>
    /// Queues the event again for this endpoint (whatever its type), or every event of the chain the endpoint takes
    /// that was dispatched since <paramref name="since"/> (events not dispatched yet will reach it anyway).
    /// </summary>
    public async Task<Outcome<RedeliveryResults>> RedeliverAsync(WebhookEndpoint endpoint, long? eventId, DateTime? since, CancellationToken cancellationToken)
    {
        if ((eventId is null) == (since is null))
        {
            return ErrorCodes.ParameterCombinationNotAllowed.With("send either event_id or since");
        }
        if (!endpoint.Active)
        {
            return ErrorCodes.ParameterCombinationNotAllowed.With("the webhook is not active: turn it on with alter-webhook (active=true) first");
        }
        List<long> events;
        if (eventId is { } id)
        {
            var found = await db.OutboxEvents.AsNoTracking().AnyAsync(e => e.Id == id && e.ChainId == endpoint.ChainId && e.DispatchedAt != null, cancellationToken);
            if (!found)
            {
                return ErrorCodes.PermissionDeniedOrNonExistent.With($"event {id} does not exist for this chain or is not dispatched yet");
            }
            events = [id];
        }
        else
        {
            var from = since!.Value;
            var candidates = await db.OutboxEvents.AsNoTracking()
                .Where(e => e.DispatchedAt >= from && e.ChainId == endpoint.ChainId && e.CreatedAt >= from)
                .OrderBy(e => e.Id).Select(e => new { e.Id, e.Type }).Take(MaxRedeliveries + 1).ToListAsync(cancellationToken);
            if (candidates.Count > MaxRedeliveries)
            {
                return ErrorCodes.ParameterInvalid.With($"more than {MaxRedeliveries} events since then: choose a later time");
            }
            events = [.. candidates.Where(e => WebhookEventTypes.Matches(endpoint.EventTypes, e.Type)).Select(e => e.Id)];
        }
        var batch = new SqlBatch(db);
        WebhookSql.AddDeliveries(batch, [.. events.Select(e => (endpoint.Id, e))], Now);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await batch.ExecuteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new RedeliveryResults(endpoint.Id, events.Count);
    }

    /// <summary>The delivery log of an endpoint, newest deliveries first, each with all its attempts.</summary>
    public async Task<Outcome<DeliveryListResults>> DeliveriesAsync(WebhookEndpoint endpoint, string? statusName, long? eventId, long? beforeId, int? limit,
        CancellationToken cancellationToken)
    {
        int? status = null;
        if (statusName is { Length: > 0 })
        {
            status = StatusNames.ToList().IndexOf(statusName);
            if (status < 0)
            {
                return ErrorCodes.ParameterNotInWhitelist.With($"status must be one of: {string.Join(", ", StatusNames)}");
            }
        }
        if (limit is < 1 or > MaxDeliveriesListed)
        {
            return ErrorCodes.ParameterInvalid.With($"limit must be between 1 and {MaxDeliveriesListed}");
        }
        var query = db.WebhookDeliveries.AsNoTracking().Where(d => d.EndpointId == endpoint.Id);
        if (status is { } s)
        {
            query = query.Where(d => d.Status == s);
        }
        if (eventId is { } e)
        {
            query = query.Where(d => d.EventId == e);
        }
        if (beforeId is { } before)
        {
            query = query.Where(d => d.Id < before);
        }
        var deliveries = await query.OrderByDescending(d => d.Id).Take(limit ?? DefaultDeliveriesListed).ToListAsync(cancellationToken);
        var ids = deliveries.Select(d => d.Id).ToList();
        var eventIds = deliveries.Select(d => d.EventId).Distinct().ToList();
        var attempts = (await db.WebhookAttempts.AsNoTracking().Where(a => ids.Contains(a.DeliveryId)).OrderBy(a => a.Id).ToListAsync(cancellationToken))
            .ToLookup(a => a.DeliveryId);
        var types = await db.OutboxEvents.AsNoTracking().Where(o => eventIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Type, cancellationToken);
        return new DeliveryListResults(endpoint.Id, [.. deliveries.Select(d => new DeliveryView(
            d.Id, d.EventId, types.GetValueOrDefault(d.EventId), StatusName(d.Status), d.Attempts, SpaazaDates.Iso(d.CreatedAt),
            d.Status == WebhookDelivery.Pending ? SpaazaDates.Iso(d.NextAttemptAt) : null, SpaazaDates.Iso(d.CompletedAt), d.LastStatusCode, d.LastError,
            [.. attempts[d.Id].Select(a => new AttemptView(a.Attempt, SpaazaDates.Iso(a.AttemptedAt), a.StatusCode, a.Succeeded, a.LatencyMs, a.Error, a.ResponseExcerpt))]))]);
    }

    /// <summary><c>since</c> of a redelivery: an ISO-8601 time with offset, or <c>yyyy-MM-dd HH:mm:ss</c> in UTC.</summary>
    public static Outcome<DateTime> ParseSince(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed.UtcDateTime
            : ErrorCodes.ParameterInvalid.With("since must be a date and time, e.g. 2026-12-01T00:00:00+00:00");

    public static readonly IReadOnlyList<string> StatusNames = ["pending", "succeeded", "failed"];

    private static string StatusName(int status) => status >= 0 && status < StatusNames.Count ? StatusNames[status] : status.ToString(CultureInfo.InvariantCulture);

    private async Task<ApiFailure?> RefuseUrlAsync(string url, CancellationToken cancellationToken) =>
        await WebhookAddresses.RefuseAsync(url, options.Value.AllowPrivateAddresses, cancellationToken) is { } why ? ErrorCodes.ParameterInvalid.With(why) : null;
}
