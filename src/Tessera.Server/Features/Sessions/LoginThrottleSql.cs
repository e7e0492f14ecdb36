using Tessera.Server.Data.Sql;

namespace Tessera.Server.Features.Sessions;

/// <summary>The statements of <see cref="LoginThrottle"/>, the same text on both engines.</summary>
internal static class LoginThrottleSql
{
    // An identity's failures count again from 1 when its last attempt is older than the window ($4).
    private const string Failures = "CASE WHEN t.last_attempt_ms < $4 THEN 1 ELSE t.failures + 1 END";

    private const string LastDelay = "CASE WHEN t.last_attempt_ms < $4 THEN 0 ELSE t.delay_ms END";

    // The wait this attempt sets before the next: none below $5 failures, $6 ms at $5, then doubled up to $7 ms.
    private const string Delay =
        $"CASE WHEN {Failures} < $5 THEN 0 WHEN {Failures} = $5 OR {LastDelay} = 0 THEN $6 " +
        $"WHEN {LastDelay} * 2 > $7 THEN $7 ELSE {LastDelay} * 2 END";

    /// <summary>
    /// Reserves an attempt for the identity ($1, $2) at $3 ms if its wait is over, counting it as failed, in one
    /// statement: the upsert locks the row, so concurrent attempts see each other's counts. No row comes back
    /// when the wait is not over. $8 and $9 are the first attempt's delay and next attempt.
    /// </summary>
    public static SqlBatch Reserve(SqlBatch batch, int scope, string username, long nowMs, long forgetBeforeMs, int freeFailures, long delayMs, long maxDelayMs, Action<int> failures)
    {
        var firstDelay = freeFailures <= 1 ? delayMs : 0;
        return batch.Query($"""
            INSERT INTO login_throttles AS t (username_scope, username_normalized, failures, delay_ms, next_attempt_ms, last_attempt_ms)
            VALUES ($1, $2, 1, $8, $9, $3)
            ON CONFLICT (username_scope, username_normalized) DO UPDATE SET
                failures = {Failures},
                delay_ms = {Delay},
                next_attempt_ms = $3 + {Delay},
                last_attempt_ms = $3
            WHERE t.next_attempt_ms <= $3
            RETURNING failures
            """, r => failures(r.GetInt32(0)), scope, username, nowMs, forgetBeforeMs, freeFailures, delayMs, maxDelayMs, firstDelay, nowMs + firstDelay);
    }

    /// <summary>When the identity's next attempt is allowed (after a refused reservation).</summary>
    public static SqlBatch NextAttempt(SqlBatch batch, int scope, string username, Action<long> nextAttemptMs) =>
        batch.Query("SELECT next_attempt_ms FROM login_throttles WHERE username_scope = $1 AND username_normalized = $2",
            r => nextAttemptMs(r.GetInt64(0)), scope, username);

    /// <summary>A right password clears the identity's failures.</summary>
    public static SqlBatch Clear(SqlBatch batch, int scope, string username) =>
        batch.Add("DELETE FROM login_throttles WHERE username_scope = $1 AND username_normalized = $2", scope, username);

    /// <summary>Rows of identities that have not tried for longer than the window: their failures no longer count.</summary>
    public static SqlBatch Forget(SqlBatch batch, long forgetBeforeMs) =>
        batch.Add("DELETE FROM login_throttles WHERE last_attempt_ms < $1", forgetBeforeMs);
}
