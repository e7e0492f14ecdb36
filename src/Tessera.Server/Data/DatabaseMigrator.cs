using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace Tessera.Server.Data;

/// <summary>
/// Applies the versioned SQL scripts of <c>Data/Migrations/{sqlite|postgres}/NNNN_name.sql</c> in order,
/// each once, recorded in <c>schema_migrations</c>. Several servers may start at once on one
/// PostgreSQL: an advisory lock (SQLite: an IMMEDIATE transaction) lets exactly one of them migrate.
/// </summary>
public sealed partial class DatabaseMigrator(TesseraDbContext db, ILogger<DatabaseMigrator> logger)
{
    internal const long AdvisoryLockKey = 0x7465_7373_6572_61; // "tessera"

    public sealed record Script(int Version, string Name, string Sql);

    public static IReadOnlyList<Script> Scripts(DatabaseProvider provider)
    {
        var assembly = typeof(DatabaseMigrator).Assembly;
        var folder = provider == DatabaseProvider.Postgres ? "postgres" : "sqlite";
        var prefix = $"{assembly.GetName().Name}.Data.Migrations.{folder}.";
        var scripts = new List<Script>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var fileName = resource[prefix.Length..];
            var match = ScriptName().Match(fileName);
            if (!match.Success)
            {
                throw new InvalidOperationException($"Migration script '{fileName}' is not named NNNN_name.sql.");
            }
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            scripts.Add(new Script(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), match.Groups[2].Value, reader.ReadToEnd()));
        }
        scripts.Sort((a, b) => a.Version.CompareTo(b.Version));
        return scripts;
    }

    /// <summary>Applies every script not applied yet, up to <paramref name="upToVersion"/> when given.</summary>
    public async Task MigrateAsync(int? upToVersion = null, CancellationToken cancellationToken = default)
    {
        var isPostgres = db.Database.IsNpgsql();
        var scripts = Scripts(isPostgres ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite);
        // Plain DbCommands, not SqlBatch: the scripts are DDL run before the model's tables exist (ADR 0001).
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        try
        {
            if (!isPostgres)
            {
                // WAL lets readers run beside the single writer; it is a property of the file.
                await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL;", cancellationToken);
                // SQLite changes a table's constraints by rebuilding it (0008); with foreign keys enforced, dropping the
                // old table would cascade into the tables that refer to it. They are checked before the commit instead.
                await ExecuteAsync(connection, null, "PRAGMA foreign_keys=OFF;", cancellationToken);
            }
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            if (isPostgres)
            {
                await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({AdvisoryLockKey});", cancellationToken);
            }
            await ExecuteAsync(connection, transaction,
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name VARCHAR(200) NOT NULL, applied_at VARCHAR(40) NOT NULL);",
                cancellationToken);
            var applied = new HashSet<int>();
            await using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = "SELECT version FROM schema_migrations;";
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    applied.Add(Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture));
                }
            }
            foreach (var script in scripts.Where(s => !applied.Contains(s.Version) && (upToVersion is null || s.Version <= upToVersion)))
            {
                logger.LogInformation("Applying migration {Version} {Name}", script.Version, script.Name);
                await ExecuteAsync(connection, transaction, script.Sql, cancellationToken);
                await using var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@v, @n, @a);";
                AddParameter(insert, "@v", script.Version);
                AddParameter(insert, "@n", script.Name);
                AddParameter(insert, "@a", DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
            if (!isPostgres)
            {
                await using var check = connection.CreateCommand();
                check.Transaction = transaction;
                check.CommandText = "PRAGMA foreign_key_check;";
                await using var violations = await check.ExecuteReaderAsync(cancellationToken);
                if (await violations.ReadAsync(cancellationToken))
                {
                    throw new InvalidOperationException($"Migrating left a row of {violations.GetString(0)} without the {violations.GetString(2)} row it refers to.");
                }
            }
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            if (!isPostgres && connection.State == System.Data.ConnectionState.Open)
            {
                await ExecuteAsync(connection, null, "PRAGMA foreign_keys=ON;", cancellationToken);
            }
            await connection.CloseAsync();
        }
    }

    /// <summary>One script and when it was applied (null: not yet).</summary>
    public sealed record ScriptStatus(int Version, string Name, string? AppliedAt);

    /// <summary>Every script of this build with when it was applied, and applied versions this build does not know; changes nothing.</summary>
    public async Task<IReadOnlyList<ScriptStatus>> StatusAsync(CancellationToken cancellationToken = default)
    {
        var isPostgres = db.Database.IsNpgsql();
        var scripts = Scripts(isPostgres ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite);
        var applied = new Dictionary<int, (string Name, string At)>();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        try
        {
            await using var exists = connection.CreateCommand();
            exists.CommandText = isPostgres
                ? "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations' AND table_schema = current_schema();"
                : "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations';";
            if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT version, name, applied_at FROM schema_migrations;";
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    applied[Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture)] = (reader.GetString(1), reader.GetString(2));
                }
            }
        }
        finally
        {
            await connection.CloseAsync();
        }
        var known = scripts.Select(s => new ScriptStatus(s.Version, s.Name, applied.TryGetValue(s.Version, out var a) ? a.At : null));
        var unknown = applied.Where(a => scripts.All(s => s.Version != a.Key)).Select(a => new ScriptStatus(a.Key, a.Value.Name, a.Value.At));
        return [.. known.Concat(unknown).OrderBy(s => s.Version)];
    }

    /// <summary>
    /// Runs a statement of the migration without a command timeout: a script that rewrites a big table (0010 rewrites
    /// every basket) takes as long as it takes, and a server starting meanwhile waits for the lock as long.
    /// </summary>
    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandTimeout = 0;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    [GeneratedRegex(@"^(\d{4})_([A-Za-z0-9_]+)\.sql$")]
    private static partial Regex ScriptName();
}
