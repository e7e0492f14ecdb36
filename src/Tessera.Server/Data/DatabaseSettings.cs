using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Tessera.Server.Data.Sql;

namespace Tessera.Server.Data;

/// <summary>Reads <c>Database:Provider</c> and <c>Database:ConnectionString</c>; the server and the CLI share it.</summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    public const string DefaultSqliteFile = "data/tessera.db";

    public static DatabaseSettings From(IConfiguration configuration)
    {
        var providerText = configuration["Database:Provider"];
        var provider = string.IsNullOrWhiteSpace(providerText) ? DatabaseProvider.Sqlite : providerText.Trim().ToLowerInvariant() switch
        {
            "sqlite" => DatabaseProvider.Sqlite,
            "postgres" or "postgresql" or "npgsql" => DatabaseProvider.Postgres,
            _ => throw new InvalidOperationException($"Database:Provider must be 'sqlite' or 'postgres', not '{providerText}'."),
        };
        var connectionString = configuration["Database:ConnectionString"];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (provider == DatabaseProvider.Postgres)
            {
                throw new InvalidOperationException("Database:ConnectionString is required when Database:Provider is 'postgres'.");
            }
            connectionString = $"Data Source={DefaultSqliteFile}";
        }
        return new DatabaseSettings(provider, provider == DatabaseProvider.Sqlite ? PrepareSqlite(connectionString) : PreparePostgres(connectionString));
    }

    /// <summary>
    /// Statements are prepared automatically once used twice (Npgsql's automatic preparation, off by default):
    /// PostgreSQL then skips parsing and planning the same few dozen statements on every request, which halves its
    /// CPU per basket. A connection string that sets <c>Max Auto Prepare</c> itself (0 behind a transaction-pooling
    /// PgBouncer) keeps its value. Connections are not reset when they go back to the pool (<c>No Reset On Close</c>,
    /// unless the connection string says otherwise): Tessera sets no session state (its only advisory lock is
    /// transaction-scoped), and the reset cost PostgreSQL seven statements every time EF Core closed a connection,
    /// four times per basket. The write buffer is 32 kB unless the connection string says otherwise: an add-basket's
    /// write batch (its stored answer, its lines as arrays) is about 13 kB for ten lines, which the default 8 kB
    /// buffer sends in two writes and TLS records instead of one. A failed statement of a batch is named on its exception (<c>Include Failed Batched
    /// Command</c>, off by default): <see cref="SqlBatch.FailedStatement"/> tells the basket which voucher claim failed.
    /// A PostgreSQL on this machine (every host a loopback address or <c>localhost</c>) is reached without TLS unless
    /// the connection string sets <c>SSL Mode</c>: Npgsql's default (<c>Prefer</c>) would encrypt traffic that never
    /// leaves the machine, at about a tenth of get-basket-price's CPU on both sides.
    /// </summary>
    private static string PreparePostgres(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase) && !connectionString.Contains("AutoPrepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 128;
            builder.AutoPrepareMinUsages = 2;
        }
        if (!connectionString.Contains("Reset On Close", StringComparison.OrdinalIgnoreCase) && !connectionString.Contains("ResetOnClose", StringComparison.OrdinalIgnoreCase))
        {
            builder.NoResetOnClose = true;
        }
        if (!connectionString.Contains("Write Buffer Size", StringComparison.OrdinalIgnoreCase) && !connectionString.Contains("WriteBufferSize", StringComparison.OrdinalIgnoreCase))
        {
            builder.WriteBufferSize = 32 * 1024;
        }
        if (!connectionString.Contains("SSL Mode", StringComparison.OrdinalIgnoreCase) && !connectionString.Contains("SslMode", StringComparison.OrdinalIgnoreCase)
            && IsLoopback(builder.Host))
        {
            builder.SslMode = Npgsql.SslMode.Disable;
        }
        builder.IncludeFailedBatchedCommand = true;
        return builder.ConnectionString;
    }

    /// <summary>Every host of a (comma-separated, perhaps with ports) Host value is localhost or a loopback address.</summary>
    internal static bool IsLoopback(string? hosts) =>
        !string.IsNullOrWhiteSpace(hosts) && hosts.Split(',', StringSplitOptions.TrimEntries).All(host =>
        {
            // "host:port" and "[::1]:port"; a bare IPv6 address has more than one colon.
            var name = host.StartsWith('[') ? host[1..Math.Max(1, host.IndexOf(']', StringComparison.Ordinal))]
                : host.Count(c => c == ':') == 1 ? host[..host.IndexOf(':', StringComparison.Ordinal)] : host;
            return name.Equals("localhost", StringComparison.OrdinalIgnoreCase)
                || (System.Net.IPAddress.TryParse(name, out var address) && System.Net.IPAddress.IsLoopback(address));
        });

    /// <summary>Relative SQLite paths are relative to the working directory; the folder is created.</summary>
    private static string PrepareSqlite(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is { Length: > 0 } source && source != ":memory:" && builder.Mode != SqliteOpenMode.Memory)
        {
            var full = Path.GetFullPath(source, Directory.GetCurrentDirectory());
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            builder.DataSource = full;
        }
        // Writers wait for each other instead of failing with SQLITE_BUSY.
        if (builder.DefaultTimeout < 30)
        {
            builder.DefaultTimeout = 30;
        }
        return builder.ToString();
    }

    public void Configure(DbContextOptionsBuilder options)
    {
        if (Provider == DatabaseProvider.Postgres)
        {
            options.UseNpgsql(ConnectionString).AddInterceptors(ConnectionSlotWait.Instance);
        }
        else
        {
            options.UseSqlite(ConnectionString);
        }
        // A failed transaction operation always reaches its caller as an exception, and a fault is logged there once (a
        // request's as 330 with its stack trace); EF Core's own error entry for it would say it twice, and would call a
        // transaction cut short by a server stopping an error.
        options.ConfigureWarnings(w => w.Log((Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.TransactionError, LogLevel.Information)));
    }
}
