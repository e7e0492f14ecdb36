using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Tessera.Server.Data.Sql;

/// <summary>
/// Plain SQL statements sent together on the context's connection, in its current transaction if any: on
/// PostgreSQL as one <see cref="NpgsqlBatch"/> (one round trip, statements neither parsed nor rewritten by the
/// driver), on SQLite one after the other (in process: there is no round trip to save). Statements use
/// positional parameters <c>$1</c>, <c>$2</c>, … numbered per statement, which both engines understand.
/// For the hot paths and statements EF Core cannot express: docs/adr/0024-ef-for-simple-reads-and-writes-sql-for-hot-paths.md.
/// </summary>
public sealed class SqlBatch(TesseraDbContext db)
{
    private readonly List<(string Sql, object?[] Values, Action<DbDataReader>? Row)> _statements = [];

    public int Count => _statements.Count;

    public bool IsPostgres { get; } = db.IsPostgres;

    /// <summary>
    /// On PostgreSQL, outside a transaction of the caller: the batch's implicit transaction commits without waiting
    /// for the disk (<c>synchronous_commit</c> off for it alone), for writes that may be lost whole in a crash
    /// (docs/adr/0017-voucher-locks-commit-without-waiting-for-the-disk.md); ignored inside a transaction, by
    /// <see cref="ReadAsync"/> and on SQLite.
    /// </summary>
    public bool CommitWithoutWaitingForDisk { get; init; }

    /// <summary>Adds a statement; <paramref name="values"/> are its <c>$1</c>, <c>$2</c>, … (null is SQL NULL).</summary>
    public SqlBatch Add(string sql, params object?[] values)
    {
        _statements.Add((sql, values, null));
        return this;
    }

    /// <summary>Adds a statement that returns rows (SELECT, or … RETURNING); <see cref="ReadAsync"/> hands each to <paramref name="row"/>.</summary>
    public SqlBatch Query(string sql, Action<DbDataReader> row, params object?[] values)
    {
        _statements.Add((sql, values, row));
        return this;
    }

    /// <summary>Adds the statements of <paramref name="other"/>, after these.</summary>
    public SqlBatch Append(SqlBatch other)
    {
        _statements.AddRange(other._statements);
        return this;
    }

    /// <summary>
    /// On PostgreSQL, the index of the statement whose error failed the last run (the later ones were skipped and,
    /// outside an explicit transaction, the earlier ones rolled back); null when the run succeeded.
    /// </summary>
    public int? FailedStatement { get; private set; }

    /// <summary>Runs every statement in order; the rows each one changed (or returned). Nothing is sent when empty.</summary>
    public async Task<int[]> ExecuteAsync(CancellationToken cancellationToken)
    {
        FailedStatement = null;
        var affected = new int[_statements.Count];
        if (_statements.Count == 0)
        {
            return affected;
        }
        var connection = await OpenAsync(cancellationToken);
        try
        {
            if (connection is NpgsqlConnection npgsql)
            {
                await using var batch = PostgresBatch(npgsql, CommitWithoutWaitingForDisk);
                // The caller's statements follow what the batch put first (the commit setting).
                var first = batch.BatchCommands.Count - affected.Length;
                try
                {
                    await batch.ExecuteNonQueryAsync(cancellationToken);
                }
                catch (PostgresException ex) when (ex.BatchCommand is NpgsqlBatchCommand failed)
                {
                    // Set since the connection string has Include Failed Batched Command (DatabaseSetup).
                    FailedStatement = batch.BatchCommands.IndexOf(failed) - first;
                    throw;
                }
                for (var i = 0; i < affected.Length; i++)
                {
                    affected[i] = batch.BatchCommands[first + i].RecordsAffected;
                }
                return affected;
            }
            for (var i = 0; i < _statements.Count; i++)
            {
                await using var command = SqliteCommand((SqliteConnection)connection, _statements[i].Sql, _statements[i].Values);
                affected[i] = await command.ExecuteNonQueryAsync(cancellationToken);
            }
            return affected;
        }
        finally
        {
            await CloseAsync();
        }
    }

    /// <summary>
    /// Runs every statement in order and hands every row of those added with <see cref="Query"/> (each returns rows,
    /// perhaps none) to its statement's handler. Those added with <see cref="Add"/> must return no rows (an INSERT or
    /// UPDATE without RETURNING): PostgreSQL sends no result set for them.
    /// </summary>
    public async Task ReadAsync(CancellationToken cancellationToken)
    {
        if (_statements.Count == 0)
        {
            return;
        }
        var connection = await OpenAsync(cancellationToken);
        try
        {
            if (connection is NpgsqlConnection npgsql)
            {
                await using var batch = PostgresBatch(npgsql);
                await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
                // Each result set is the next statement's that has a handler (the reader skips statements without rows).
                var index = 0;
                do
                {
                    while (index < _statements.Count && _statements[index].Row is null)
                    {
                        index++;
                    }
                    if (index == _statements.Count)
                    {
                        break;
                    }
                    var row = _statements[index++].Row!;
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        row(reader);
                    }
                }
                while (await reader.NextResultAsync(cancellationToken));
                return;
            }
            foreach (var (sql, values, row) in _statements)
            {
                await using var command = SqliteCommand((SqliteConnection)connection, sql, values);
                if (row is null)
                {
                    await command.ExecuteNonQueryAsync(cancellationToken);
                    continue;
                }
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    row(reader);
                }
            }
        }
        finally
        {
            await CloseAsync();
        }
    }

    private bool _opened;

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            _opened = true;
        }
        return connection;
    }

    private async Task CloseAsync()
    {
        if (_opened)
        {
            _opened = false;
            await db.Database.CloseConnectionAsync();
        }
    }

    private NpgsqlBatch PostgresBatch(NpgsqlConnection connection, bool commitWithoutWaitingForDisk = false)
    {
        var transaction = (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction();
        var batch = new NpgsqlBatch(connection) { Transaction = transaction };
        if (commitWithoutWaitingForDisk && transaction is null)
        {
            // Statements of one batch before its Sync are one implicit transaction: the setting ends with it.
            batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT set_config('synchronous_commit', 'off', true)"));
        }
        foreach (var (sql, values, _) in _statements)
        {
            var command = new NpgsqlBatchCommand(sql);
            foreach (var value in values)
            {
                command.Parameters.Add(value is Utf8Text text
                    ? new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = text.Bytes }
                    : new NpgsqlParameter { Value = value ?? DBNull.Value });
            }
            batch.BatchCommands.Add(command);
        }
        return batch;
    }

    private SqliteCommand SqliteCommand(SqliteConnection connection, string sql, object?[] values)
    {
        var command = connection.CreateCommand();
        command.Transaction = (SqliteTransaction?)db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = sql;
        for (var i = 0; i < values.Length; i++)
        {
            var name = i < ParameterNames.Length ? ParameterNames[i] : "$" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            command.Parameters.AddWithValue(name, values[i] is Utf8Text text ? System.Text.Encoding.UTF8.GetString(text.Bytes) : values[i] ?? DBNull.Value);
        }
        return command;
    }

    private static readonly string[] ParameterNames = Enumerable.Range(1, 64).Select(i => "$" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
}
