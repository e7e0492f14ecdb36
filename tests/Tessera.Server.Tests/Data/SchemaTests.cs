using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Tessera.Domain.Reference;
using Tessera.Server.Data;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Data;

public sealed class SchemaTests
{
    private static async Task MigrateAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        await new DatabaseMigrator(db, NullLogger<DatabaseMigrator>.Instance).MigrateAsync();
    }

    /// <summary>Tables, columns (type, nullability) and indexes (columns, uniqueness), in a comparable text form.</summary>
    private static async Task<SortedSet<string>> DescribeAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var facts = new SortedSet<string>(StringComparer.Ordinal);
        if (database.Engine == Engines.Postgres)
        {
            await ReadAsync(connection, """
                SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || coalesce('(' || character_maximum_length || ')', '') || coalesce('(' || numeric_precision || ',' || numeric_scale || ')', '') || ' ' || is_nullable || coalesce(' collate ' || collation_name, '')
                FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'schema_migrations'
                """, facts);
            await ReadAsync(connection, """
                SELECT 'index ' || indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> 'schema_migrations'
                """, facts);
        }
        else
        {
            await ReadAsync(connection, """
                SELECT 'column ' || m.name || '.' || p.name || ' ' || p.type || ' ' || p."notnull" || ' pk' || p.pk
                FROM sqlite_master m JOIN pragma_table_info(m.name) p
                WHERE m.type = 'table' AND m.name NOT IN ('schema_migrations', 'sqlite_sequence')
                """, facts);
            await ReadAsync(connection, """
                SELECT 'index ' || m.name || ' ' || coalesce(m.sql, '') FROM sqlite_master m WHERE m.type = 'index' AND m.tbl_name <> 'schema_migrations'
                """, facts);
        }
        return facts;
    }

    private static async Task ReadAsync(DbConnection connection, string sql, SortedSet<string> into)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            into.Add(reader.GetString(0));
        }
    }

    [Theory, AllEngines]
    public async Task Migrations_on_a_fresh_database_produce_exactly_the_schema_of_the_model(string engine)
    {
        var migrated = TestDatabase.Create(engine);
        await MigrateAsync(migrated);
        var fromModel = TestDatabase.Create(engine);
        await using (var db = fromModel.NewContext())
        {
            await db.Database.EnsureCreatedAsync();
        }

        var expected = await DescribeAsync(fromModel);
        var actual = await DescribeAsync(migrated);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, actual);
    }

    [Theory, AllEngines]
    public async Task A_database_upgraded_from_the_first_migration_keeps_its_rows_and_ends_in_the_schema_of_the_model(string engine)
    {
        var upgraded = TestDatabase.Create(engine);
        await using (var db = upgraded.NewContext())
        {
            await new DatabaseMigrator(db, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(upToVersion: 1);
            // Rows of version 1, written with plain SQL as a server of that version would have.
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO chains (name, currency_id, created_at) VALUES ('Old chain', 2, '2025-01-01 00:00:00');");
        }
        await MigrateAsync(upgraded);
        var fromModel = TestDatabase.Create(engine);
        await using (var db = fromModel.NewContext())
        {
            await db.Database.EnsureCreatedAsync();
        }

        Assert.Equal(await DescribeAsync(fromModel), await DescribeAsync(upgraded));
        await using var check = upgraded.NewContext();
        Assert.Equal("Old chain", await check.Chains.Select(c => c.Name).SingleAsync());
    }

    [Theory, AllEngines]
    public async Task Migrating_twice_applies_each_script_once(string engine)
    {
        var database = TestDatabase.Create(engine);
        await MigrateAsync(database);
        await MigrateAsync(database);
        await using var db = database.NewContext();
        var scripts = DatabaseMigrator.Scripts(database.Engine == Engines.Postgres ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite);
        var applied = await db.Database.SqlQueryRaw<int>("SELECT version AS \"Value\" FROM schema_migrations").ToListAsync();
        Assert.Equal(scripts.Select(s => s.Version).Order(), applied.Order());
    }

    [Trait("Category", "Slow")]
    [Theory, AllEngines]
    public async Task Servers_starting_together_on_one_database_migrate_it_once(string engine)
    {
        var database = TestDatabase.Create(engine);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => MigrateAsync(database))));
        await using var db = database.NewContext();
        Assert.Equal(Currencies.All.Count, await db.Currencies.CountAsync());
    }

    [PostgresTheory, PostgresEngine]
    public async Task A_server_waits_for_a_migration_longer_than_its_command_timeout_instead_of_failing_to_start(string engine)
    {
        var database = TestDatabase.Create(engine);
        // Another server holds the migration lock for three seconds (as while it rewrites a big table); this one's
        // connection string gives commands one second.
        await using var other = new Npgsql.NpgsqlConnection(database.ConnectionString);
        await other.OpenAsync();
        await using (var hold = new Npgsql.NpgsqlCommand($"SELECT pg_advisory_lock({DatabaseMigrator.AdvisoryLockKey})", other))
        {
            await hold.ExecuteNonQueryAsync();
        }
        var options = new DbContextOptionsBuilder<TesseraDbContext>();
        new DatabaseSettings(DatabaseProvider.Postgres, new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString) { CommandTimeout = 1 }.ConnectionString).Configure(options);
        await using var impatient = new TesseraDbContext(options.Options);
        var migrating = new DatabaseMigrator(impatient, NullLogger<DatabaseMigrator>.Instance).MigrateAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.False(migrating.IsCompleted);
        await using (var release = new Npgsql.NpgsqlCommand($"SELECT pg_advisory_unlock({DatabaseMigrator.AdvisoryLockKey})", other))
        {
            await release.ExecuteNonQueryAsync();
        }

        await migrating;
        await using var db = database.NewContext();
        Assert.Equal(Currencies.All.Count, await db.Currencies.CountAsync());
    }

    [Theory, AllEngines]
    public async Task Currencies_are_seeded_with_the_spec_ids(string engine)
    {
        var database = TestDatabase.Create(engine);
        await MigrateAsync(database);
        await using var db = database.NewContext();
        var stored = await db.Currencies.AsNoTracking().OrderBy(c => c.Id).ToListAsync();
        Assert.Equal(Currencies.All.Select(c => (c.Id, c.Code, c.Name, c.Symbol, c.MinorUnits)), stored.Select(c => (c.Id, c.Code, c.Name, c.Symbol, c.MinorUnits)));
        Assert.Equal("EUR", stored.Single(c => c.Id == 2).Code);
        Assert.Equal("GBP", stored.Single(c => c.Id == 3).Code);
        Assert.Equal("USD", stored.Single(c => c.Id == 4).Code);
    }
}
