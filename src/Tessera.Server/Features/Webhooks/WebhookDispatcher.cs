using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;
using Tessera.Server.Data.Sql;

using Tessera.Server.Features.Telemetry;

namespace Tessera.Server.Features.Webhooks;

/// <summary>
/// The database side of delivery (ADR 0035): fans new outbox events out into one delivery per subscribed endpoint,
/// claims due deliveries for this server, records what each POST came to, and cleans up old rows.
/// </summary>
public sealed class WebhookDispatcher(TesseraDbContext db, WebhookSecrets secrets, IOptions<WebhookOptions> options, TimeProvider clock, TesseraMetrics metrics)
{
    private WebhookOptions Options => options.Value;

    /// <summary>Turns the oldest undispatched events (a batch) into deliveries, in one transaction; how many events it took.</summary>
    public async Task<int> FanOutAsync(CancellationToken cancellationToken)
    {
        var any = false;
        await new SqlBatch(db).Query(WebhookSql.AnyUndispatched, _ => any = true).ReadAsync(cancellationToken);
        if (!any)
        {
            return 0;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var events = new List<(long Id, int ChainId, string Type)>();
        await NoWaitForDisk(new SqlBatch(db)).Query(WebhookSql.FanOut(db.IsPostgres), r => events.Add((r.GetInt64(0), r.GetInt32(1), r.GetString(2))), now, Options.BatchSize)
            .ReadAsync(cancellationToken);
        if (events.Count > 0)
        {
            var chains = events.Select(e => e.ChainId).Distinct().ToList();
            var endpoints = await db.WebhookEndpoints.AsNoTracking().Where(e => e.Active && chains.Contains(e.ChainId))
                .Select(e => new { e.Id, e.ChainId, e.EventTypes }).ToListAsync(cancellationToken);
            var rows = (from e in events.OrderBy(e => e.Id)
                        from endpoint in endpoints.OrderBy(x => x.Id)
                        where endpoint.ChainId == e.ChainId && WebhookEventTypes.Matches(endpoint.EventTypes, e.Type)
                        select (endpoint.Id, e.Id)).ToList();
            var insert = new SqlBatch(db);
            WebhookSql.AddDeliveries(insert, rows, now);
            await insert.ExecuteAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return events.Count;
    }

    /// <summary>Claims up to a batch of due deliveries of active endpoints until the lease ends, oldest due first.</summary>
    public async Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(string token, DateTime leaseEnd, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var any = false;
        await new SqlBatch(db).Query(WebhookSql.AnyDue, _ => any = true, now).ReadAsync(cancellationToken);
        if (!any)
        {
            return [];
        }
        var claimed = new List<ClaimedDelivery>();
        if (db.IsPostgres)
        {
            await NoWaitForDisk(new SqlBatch(db)).Query(WebhookSql.ClaimPostgres, r => claimed.Add(WebhookSql.ReadClaimed(r)), now, leaseEnd, token, Options.BatchSize)
                .ReadAsync(cancellationToken);
        }
        else
        {
            var ids = new List<long>();
            await new SqlBatch(db).Query(WebhookSql.ClaimSqlite, r => ids.Add(r.GetInt64(0)), now, leaseEnd, token, Options.BatchSize).ReadAsync(cancellationToken);
            if (ids.Count > 0)
            {
                await new SqlBatch(db).Query(WebhookSql.ClaimedSqlite, r => claimed.Add(WebhookSql.ReadClaimed(r)), "[" + string.Join(",", ids.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]")
                    .ReadAsync(cancellationToken);
            }
        }
        // Each endpoint's deliveries in the order of their events.
        claimed.Sort((a, b) => a.EventId.CompareTo(b.EventId));
        return claimed;
    }

    /// <summary>The URL and the signing secrets of each endpoint (the previous secret while its grace lasts).</summary>
    public async Task<IReadOnlyDictionary<int, EndpointTarget>> TargetsAsync(IEnumerable<int> endpointIds, CancellationToken cancellationToken)
    {
        var ids = endpointIds.Distinct().ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = await db.WebhookEndpoints.AsNoTracking().Where(e => ids.Contains(e.Id)).ToListAsync(cancellationToken);
        return rows.ToDictionary(e => e.Id, e =>
        {
            var keys = new List<string> { secrets.Unprotect(e.Secret) };
            if (e.PreviousSecret is { } previous && e.PreviousSecretUntil > now)
            {
                keys.Add(secrets.Unprotect(previous));
            }
            return new EndpointTarget(e.Id, e.Url, keys);
        });
    }

    /// <summary>
    /// Records the outcomes of one endpoint's POSTs (in the order they were made) in one transaction: each delivery done,
    /// due again or failed for good, its log row, and the endpoint's failing state, which disables it when it has failed
    /// without a success for <see cref="WebhookOptions.DisableAfter"/>.
    /// </summary>
    public async Task RecordAsync(int endpointId, IReadOnlyList<DeliveryOutcome> outcomes, string token, CancellationToken cancellationToken)
    {
        if (outcomes.Count == 0)
        {
            return;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var batch = NoWaitForDisk(new SqlBatch(db));
        var counted = new List<string>(outcomes.Count);
        foreach (var outcome in outcomes)
        {
            var retryAt = outcome.Succeeded ? null
                : WebhookBackoff.Next(outcome.Delivery.CreatedAt, now, outcome.Delivery.Attempts + 1, Options, Random.Shared);
            WebhookSql.Record(batch, outcome, token, retryAt);
            counted.Add(outcome.Succeeded ? "success" : retryAt is null ? "gave_up" : "failure");
        }
        var last = outcomes[^1];
        if (last.Succeeded)
        {
            batch.Add(WebhookSql.EndpointSucceeded, endpointId);
        }
        else
        {
            batch.Add(WebhookSql.EndpointFailed, endpointId, last.AttemptedAt);
            var reason = $"Disabled at {Protocol.SpaazaDates.Iso(now)}: every delivery failed for {Options.DisableAfter.TotalHours:0.#} hours; last failure: {Describe(last)}";
            batch.Add(WebhookSql.DisableFailing, endpointId, now, Truncate(reason, 500), now - Options.DisableAfter);
            batch.Add(WebhookSql.FailPendingOfInactive, endpointId, now, "endpoint disabled");
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await batch.ExecuteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        counted.ForEach(metrics.WebhookDelivery);
    }

    /// <summary>Removes the log and finished deliveries older than the retention (and old events, when configured).</summary>
    public async Task<int> CleanupAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var batch = new SqlBatch(db);
        foreach (var statement in WebhookSql.Cleanup)
        {
            batch.Add(statement, now - Options.LogRetention);
        }
        if (Options.EventRetention is { } keep)
        {
            batch.Add(WebhookSql.CleanupEvents, now - keep);
        }
        return (await batch.ExecuteAsync(cancellationToken)).Sum();
    }

    /// <summary>
    /// On PostgreSQL the worker's transactions commit without waiting for the disk (as voucher locks do, ADR 0017):
    /// what a database crash could take back is a fan-out (done again from the events, which their producers committed
    /// durably), a claim or an outcome (the delivery is sent again). At least once holds; only duplicates can follow.
    /// </summary>
    private SqlBatch NoWaitForDisk(SqlBatch batch) => db.IsPostgres ? batch.Query("SELECT set_config('synchronous_commit', 'off', true)", _ => { }) : batch;

    public static string Describe(DeliveryOutcome outcome) =>
        outcome.StatusCode is { } status ? $"HTTP {status}" + (outcome.Error is { } e ? $" ({e})" : "") : outcome.Error ?? "no answer";

    public static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
