using Microsoft.Extensions.Diagnostics.HealthChecks;
using Tessera.Server.Data;
using Tessera.Server.Data.Sql;

namespace Tessera.Server.Features.Health;

/// <summary>
/// Part of <c>GET /health/ready</c>: the database holds every migration this build carries (a server started against
/// a database another server is still migrating, or an older one, is not ready).
/// </summary>
internal sealed class MigrationsHealthCheck(TesseraDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var expected = DatabaseMigrator.Scripts(db.IsPostgres ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite)[^1].Version;
        try
        {
            long applied = 0;
            await new SqlBatch(db).Query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", r => applied = Convert.ToInt64(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture))
                .ReadAsync(cancellationToken);
            return applied >= expected
                ? HealthCheckResult.Healthy($"migration {applied}")
                : HealthCheckResult.Unhealthy($"migration {applied} applied, {expected} expected");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("migrations not readable", ex);
        }
    }
}
