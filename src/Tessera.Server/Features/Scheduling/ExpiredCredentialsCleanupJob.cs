using Tessera.Server.Data;
using Tessera.Server.Data.Sql;

namespace Tessera.Server.Features.Scheduling;

/// <summary>
/// Deletes sessions, cross-site tokens, export link nonces (used or not) and merchant tokens that expired more than
/// <c>Scheduler:Cleanup:RetainDays</c> (7) days ago, in slices of 5 000 rows so no statement holds a table long.
/// None of them is accepted after its expiry anyway: the retention only keeps them for a while for inspection
/// (and an expired export link keeps answering "expired" rather than "invalid" until its nonce goes).
/// </summary>
internal sealed class ExpiredCredentialsCleanupJob(TesseraDbContext db, IConfiguration configuration, ILogger<ExpiredCredentialsCleanupJob> logger) : IScheduledJob
{
    private const int Slice = 5000;

    public string Name => "expired-credentials-cleanup";

    public TimeSpan Interval => TimeSpan.FromHours(1);

    public async Task RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var cutoff = (now - TimeSpan.FromDays(Math.Max(0, configuration.GetValue("Scheduler:Cleanup:RetainDays", 7)))).UtcDateTime;
        foreach (var table in SchedulingSql.ExpiringTables)
        {
            var deleted = 0;
            int slice;
            do
            {
                slice = (await SchedulingSql.AddDeleteExpired(new SqlBatch(db), table, cutoff, Slice).ExecuteAsync(cancellationToken))[0];
                deleted += slice;
            }
            while (slice == Slice);
            if (deleted > 0)
            {
                logger.LogInformation("Deleted {Count} rows of {Table} expired before {Cutoff}", deleted, table, cutoff);
            }
        }
    }
}
