using Tessera.Server.Data.Sql;

namespace Tessera.Server.Features.Scheduling;

/// <summary>
/// The scheduler's statements: a job is claimed by a conditional update that takes its lease only when it is due and
/// nobody holds it (on PostgreSQL through <c>FOR UPDATE SKIP LOCKED</c>, so a server never waits for another's claim),
/// and released by its holder only.
/// </summary>
public static class SchedulingSql
{
    private const string Register = "INSERT INTO scheduled_jobs (name, next_run_at) VALUES ($1, $2) ON CONFLICT DO NOTHING";

    private const string Due = """
        SELECT name FROM scheduled_jobs WHERE next_run_at <= $1 AND (lease_until IS NULL OR lease_until <= $1) ORDER BY next_run_at
        """;

    private const string ClaimSqlite = """
        UPDATE scheduled_jobs SET lease_owner = $2, lease_until = $3, last_started_at = $4
        WHERE name = $1 AND next_run_at <= $4 AND (lease_until IS NULL OR lease_until <= $4)
        """;

    private const string ClaimPostgres = """
        UPDATE scheduled_jobs SET lease_owner = $2, lease_until = $3, last_started_at = $4
        WHERE name = (SELECT name FROM scheduled_jobs WHERE name = $1 AND next_run_at <= $4 AND (lease_until IS NULL OR lease_until <= $4) FOR UPDATE SKIP LOCKED)
        """;

    private const string Renew = "UPDATE scheduled_jobs SET lease_until = $3 WHERE name = $1 AND lease_owner = $2";

    private const string Complete = """
        UPDATE scheduled_jobs SET next_run_at = $3, lease_owner = NULL, lease_until = NULL, last_finished_at = $4, last_error = $5
        WHERE name = $1 AND lease_owner = $2
        """;

    private const string Release = "UPDATE scheduled_jobs SET lease_owner = NULL, lease_until = NULL WHERE name = $1 AND lease_owner = $2";

    /// <summary>The job's row, first due at <paramref name="firstRun"/>, unless it exists.</summary>
    public static SqlBatch AddRegister(SqlBatch batch, string name, DateTime firstRun) => batch.Add(Register, name, firstRun);

    /// <summary>The names of the jobs due at <paramref name="now"/> that nobody holds.</summary>
    public static SqlBatch QueryDue(SqlBatch batch, DateTime now, List<string> into) =>
        batch.Query(Due, r => into.Add(r.GetString(0)), now);

    /// <summary>Takes the job's lease until <paramref name="leaseUntil"/> when it is due and free: one row changed when taken.</summary>
    public static SqlBatch AddClaim(SqlBatch batch, string name, string owner, DateTime leaseUntil, DateTime now) =>
        batch.Add(batch.IsPostgres ? ClaimPostgres : ClaimSqlite, name, owner, leaseUntil, now);

    /// <summary>Extends the lease the owner still holds.</summary>
    public static SqlBatch AddRenew(SqlBatch batch, string name, string owner, DateTime leaseUntil) => batch.Add(Renew, name, owner, leaseUntil);

    /// <summary>Ends the owner's run: the next one is due at <paramref name="nextRun"/>.</summary>
    public static SqlBatch AddComplete(SqlBatch batch, string name, string owner, DateTime nextRun, DateTime finished, string? error) =>
        batch.Add(Complete, name, owner, nextRun, finished, error);

    /// <summary>Gives the lease back without a run (the server is stopping): the job stays due for any server.</summary>
    public static SqlBatch AddRelease(SqlBatch batch, string name, string owner) => batch.Add(Release, name, owner);

    /// <summary>The tables of expiring credentials the clean-up empties: sessions, cross-site tokens, export link nonces, merchant tokens.</summary>
    public static readonly IReadOnlyList<string> ExpiringTables = ["sessions", "cross_site_tokens", "export_nonces", "merchant_tokens"];

    /// <summary>Deletes up to <paramref name="limit"/> rows of <paramref name="table"/> (one of <see cref="ExpiringTables"/>) that expired before <paramref name="cutoff"/>.</summary>
    public static SqlBatch AddDeleteExpired(SqlBatch batch, string table, DateTime cutoff, int limit) =>
        ExpiringTables.Contains(table)
            ? batch.Add($"DELETE FROM {table} WHERE id IN (SELECT id FROM {table} WHERE expires_at < $1 LIMIT $2)", cutoff, limit)
            : throw new ArgumentOutOfRangeException(nameof(table), table, "Not a table of expiring credentials.");
}
