using System.Data.Common;
using Tessera.Server.Data.Entities;
using Tessera.Server.Data.Sql;

namespace Tessera.Server.Features.Webhooks;

/// <summary>
/// The delivery worker's statements (ADR 0035): fan-out of outbox events into deliveries, claims with
/// <c>FOR UPDATE SKIP LOCKED</c> and a lease on PostgreSQL (SQLite: one writer at a time, one delivering server),
/// and the outcome of each POST.
/// </summary>
internal static class WebhookSql
{
    // Delivery statuses in the SQL: 0 pending, 1 succeeded, 2 failed (WebhookDelivery.Pending, Succeeded, Failed).

    public const string AnyUndispatched = "SELECT id FROM outbox_events WHERE dispatched_at IS NULL ORDER BY dispatched_at, id LIMIT 1";

    /// <summary>$1 now, $2 batch size. Marks the oldest undispatched events as fanned out and returns them.</summary>
    public static string FanOut(bool postgres) => $"""
        UPDATE outbox_events SET dispatched_at = $1
        WHERE id IN (SELECT id FROM outbox_events WHERE dispatched_at IS NULL ORDER BY dispatched_at, id LIMIT $2{(postgres ? " FOR UPDATE SKIP LOCKED" : "")})
        RETURNING id, chain_id, type
        """;

    /// <summary>One pending delivery per row: $1 endpoint, $2 event, $3 now.</summary>
    public static void AddDeliveries(SqlBatch batch, IReadOnlyList<(int EndpointId, long EventId)> rows, DateTime now)
    {
        foreach (var chunk in rows.Chunk(200))
        {
            var values = new List<object?>((chunk.Length * 2) + 1) { now };
            var tuples = new List<string>(chunk.Length);
            foreach (var (endpoint, eventId) in chunk)
            {
                tuples.Add($"(${values.Count + 1}, ${values.Count + 2}, 0, 0, $1, $1)");
                values.Add(endpoint);
                values.Add(eventId);
            }
            batch.Add($"INSERT INTO webhook_deliveries (endpoint_id, event_id, status, attempts, created_at, next_attempt_at) VALUES {string.Join(", ", tuples)}", [.. values]);
        }
    }

    public const string AnyDue = """
        SELECT id FROM webhook_deliveries
        WHERE status = 0 AND next_attempt_at <= $1 AND (claimed_until IS NULL OR claimed_until < $1)
        ORDER BY status, next_attempt_at LIMIT 1
        """;

    private const string Due = """
        SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
        WHERE d.status = 0 AND d.next_attempt_at <= $1 AND (d.claimed_until IS NULL OR d.claimed_until < $1) AND e.active
        ORDER BY d.status, d.next_attempt_at, d.id LIMIT $4
        """;

    /// <summary>PostgreSQL: claims due deliveries (skipping those another server is claiming) and returns them with their events. $1 now, $2 lease end, $3 token, $4 count.</summary>
    public const string ClaimPostgres = $"""
        UPDATE webhook_deliveries d SET claimed_until = $2, claim_token = $3
        FROM ({Due} FOR UPDATE OF d SKIP LOCKED) p, outbox_events o
        WHERE d.id = p.id AND o.id = d.event_id
        RETURNING d.id, d.endpoint_id, d.event_id, d.attempts, d.created_at, o.type, o.payload
        """;

    /// <summary>SQLite: the claim (its RETURNING may not name another table), then <see cref="ClaimedSqlite"/>.</summary>
    public const string ClaimSqlite = $"""
        UPDATE webhook_deliveries SET claimed_until = $2, claim_token = $3 WHERE id IN ({Due}) RETURNING id
        """;

    /// <summary>SQLite: the claimed deliveries ($1, a JSON array of ids) with their events.</summary>
    public const string ClaimedSqlite = """
        SELECT d.id, d.endpoint_id, d.event_id, d.attempts, d.created_at, o.type, o.payload
        FROM webhook_deliveries d JOIN outbox_events o ON o.id = d.event_id
        WHERE d.id IN (SELECT value FROM json_each($1))
        """;

    public static ClaimedDelivery ReadClaimed(DbDataReader r) =>
        new(r.GetInt64(0), r.GetInt32(1), r.GetInt64(2), r.GetInt32(3), r.Utc(4), r.GetString(5), r.GetString(6));

    private const string Succeeded = """
        UPDATE webhook_deliveries SET status = 1, attempts = attempts + 1, completed_at = $2, claimed_until = NULL,
            claim_token = NULL, last_status_code = $3, last_error = NULL
        WHERE id = $1 AND claim_token = $4
        """;

    private const string Retry = """
        UPDATE webhook_deliveries SET attempts = attempts + 1, next_attempt_at = $2, claimed_until = NULL, claim_token = NULL,
            last_status_code = $3, last_error = $5
        WHERE id = $1 AND claim_token = $4
        """;

    private const string GiveUp = """
        UPDATE webhook_deliveries SET status = 2, attempts = attempts + 1, completed_at = $2, claimed_until = NULL,
            claim_token = NULL, last_status_code = $3, last_error = $5
        WHERE id = $1 AND claim_token = $4
        """;

    private const string Log = """
        INSERT INTO webhook_attempts (delivery_id, endpoint_id, event_id, attempt, attempted_at, status_code, succeeded, latency_ms, error, response_excerpt)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
        """;

    /// <summary>The outcome of one POST: the delivery done, failed for good (<paramref name="retryAt"/> null) or due again; and its log row.</summary>
    public static void Record(SqlBatch batch, DeliveryOutcome o, string token, DateTime? retryAt)
    {
        var d = o.Delivery;
        if (o.Succeeded)
        {
            batch.Add(Succeeded, d.Id, o.AttemptedAt, o.StatusCode, token);
        }
        else if (retryAt is { } at)
        {
            batch.Add(Retry, d.Id, at, o.StatusCode, token, o.Error);
        }
        else
        {
            batch.Add(GiveUp, d.Id, o.AttemptedAt, o.StatusCode, token, o.Error);
        }
        batch.Add(Log, d.Id, d.EndpointId, d.EventId, d.Attempts + 1, o.AttemptedAt, o.StatusCode, o.Succeeded, o.LatencyMs, o.Error, o.ResponseExcerpt);
    }

    public const string EndpointSucceeded = "UPDATE webhook_endpoints SET failing_since = NULL WHERE id = $1 AND failing_since IS NOT NULL";

    public const string EndpointFailed = "UPDATE webhook_endpoints SET failing_since = COALESCE(failing_since, $2) WHERE id = $1";

    /// <summary>$1 endpoint, $2 now, $3 reason, $4 the latest first failure that still leaves it enabled.</summary>
    public const string DisableFailing = """
        UPDATE webhook_endpoints SET active = FALSE, disabled_at = $2, disabled_reason = $3, updated_at = $2
        WHERE id = $1 AND active AND failing_since <= $4
        """;

    /// <summary>The pending deliveries of an endpoint that is not active end as failed ($1 endpoint, $2 now, $3 why).</summary>
    public const string FailPendingOfInactive = """
        UPDATE webhook_deliveries SET status = 2, completed_at = $2, claimed_until = NULL, claim_token = NULL,
            last_error = COALESCE(last_error, $3)
        WHERE endpoint_id = $1 AND status = 0 AND EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.id = $1 AND NOT e.active)
        """;

    /// <summary>Clean-up, $1 the cut-off: the log and finished deliveries.</summary>
    public static readonly string[] Cleanup =
    [
        "DELETE FROM webhook_attempts WHERE attempted_at < $1",
        "DELETE FROM webhook_deliveries WHERE completed_at < $1 AND status <> 0",
    ];

    /// <summary>
    /// Clean-up of dispatched events before $1 (<c>Webhooks:EventRetention</c>, off by default), except those from the
    /// oldest event a pending delivery still needs.
    /// </summary>
    public const string CleanupEvents = """
        DELETE FROM outbox_events WHERE dispatched_at < $1
            AND id < COALESCE((SELECT MIN(event_id) FROM webhook_deliveries WHERE status = 0), 9223372036854775807)
        """;
}
