using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Tessera.Server.Data.Sql;
using Tessera.Server.Data;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Data;

/// <summary>A batch that commits without waiting for the disk (get-basket-price's voucher locks).</summary>
public sealed class SqlBatchTests
{
    private static async Task<TesseraDbContext> ContextAsync(string engine)
    {
        var database = TestDatabase.Create(engine);
        var options = new DbContextOptionsBuilder<TesseraDbContext>();
        // As the server's settings make it (DatabaseSettings): a failed statement of a batch is named on its exception.
        var connectionString = engine == Engines.Postgres ? database.ConnectionString + ";Include Failed Batched Command=true" : database.ConnectionString;
        new DatabaseSettings(engine == Engines.Postgres ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite, connectionString).Configure(options);
        var db = new TesseraDbContext(options.Options);
        await new DatabaseMigrator(db, NullLogger<DatabaseMigrator>.Instance).MigrateAsync();
        await db.Database.ExecuteSqlRawAsync("CREATE TABLE probe (n integer, v text)");
        return db;
    }

    [PostgresTheory, PostgresEngine]
    public async Task Its_statements_run_with_synchronous_commit_off_and_the_pooled_connection_keeps_it_on(string engine)
    {
        await using var db = await ContextAsync(engine);
        await db.Database.OpenConnectionAsync();

        var batch = new SqlBatch(db) { CommitWithoutWaitingForDisk = true }
            .Add("INSERT INTO probe (n, v) SELECT $1, current_setting('synchronous_commit')", 1)
            .Add("INSERT INTO probe (n, v) SELECT g, 'x' FROM generate_series(2, $1) g", 3);
        var affected = await batch.ExecuteAsync(CancellationToken.None);

        Assert.Equal([1, 2], affected);
        Assert.Equal("off", await db.Database.SqlQueryRaw<string>("SELECT v AS \"Value\" FROM probe WHERE n = 1").SingleAsync());
        Assert.Equal("on", await db.Database.SqlQueryRaw<string>("SELECT current_setting('synchronous_commit') AS \"Value\"").SingleAsync());
        var plain = new SqlBatch(db).Add("INSERT INTO probe (n, v) SELECT $1, current_setting('synchronous_commit')", 4);
        var plainAffected = await plain.ExecuteAsync(CancellationToken.None);
        Assert.Equal([1], plainAffected);
        Assert.Equal("on", await db.Database.SqlQueryRaw<string>("SELECT v AS \"Value\" FROM probe WHERE n = 4").SingleAsync());
    }

    [PostgresTheory, PostgresEngine]
    public async Task Its_failed_statement_is_numbered_among_the_caller_s_statements_and_nothing_of_it_is_kept(string engine)
    {
        await using var db = await ContextAsync(engine);
        var batch = new SqlBatch(db) { CommitWithoutWaitingForDisk = true }
            .Add("INSERT INTO probe (n, v) VALUES ($1, 'a')", 1)
            .Add("INSERT INTO probe (n, v) VALUES (1 / $1, 'b')", 0);

        await Assert.ThrowsAnyAsync<PostgresException>(() => batch.ExecuteAsync(CancellationToken.None));

        Assert.Equal(1, batch.FailedStatement);
        Assert.Equal(0, await db.Database.SqlQueryRaw<int>("SELECT count(*)::int AS \"Value\" FROM probe").SingleAsync());
    }

    [Theory, AllEngines]
    public async Task It_counts_the_rows_of_each_statement_on_both_engines(string engine)
    {
        await using var db = await ContextAsync(engine);
        var batch = new SqlBatch(db) { CommitWithoutWaitingForDisk = true }
            .Add("INSERT INTO probe (n, v) VALUES ($1, 'a')", 1)
            .Add("INSERT INTO probe (n, v) VALUES ($1, 'b')", 2)
            .Add("UPDATE probe SET v = 'c' WHERE n <= $1", 2);

        var affected = await batch.ExecuteAsync(CancellationToken.None);

        Assert.Equal([1, 1, 2], affected);
    }

    [Theory, AllEngines]
    public async Task Its_reader_hands_each_row_to_its_query_past_statements_without_rows(string engine)
    {
        await using var db = await ContextAsync(engine);
        var read = new List<string>();
        await db.Database.BeginTransactionAsync();
        var batch = new SqlBatch(db)
            .Add("INSERT INTO probe (n, v) VALUES ($1, 'a')", 1)
            .Query("SELECT v FROM probe WHERE n = $1", r => read.Add("first " + r.GetString(0)), 1)
            .Add("INSERT INTO probe (n, v) VALUES ($1, 'b')", 2)
            .Query("INSERT INTO probe (n, v) VALUES ($1, 'c') RETURNING v", r => read.Add("second " + r.GetString(0)), 3);

        await batch.ReadAsync(CancellationToken.None);
        await db.Database.CommitTransactionAsync();

        Assert.Equal(["first a", "second c"], read);
        Assert.Equal(3, await db.Database.SqlQueryRaw<int>("SELECT count(*) AS \"Value\" FROM probe").SingleAsync());
    }
}
