using System.Globalization;
using System.Numerics;
using Microsoft.EntityFrameworkCore;

namespace Tessera.Server.Data.Sql;

/// <summary>
/// Ids reserved for rows before they are written, so that rows which name each other can be built first and sent
/// in one batch: from the identity sequence on PostgreSQL, the AUTOINCREMENT counter on SQLite (inside the caller's
/// write transaction). See docs/adr/0012-row-ids-are-reserved-up-front-and-may-leave-gaps.md.
/// </summary>
public sealed class RowIds(TesseraDbContext db)
{
    /// <summary>
    /// Id series that may be reserved: tables (the sequence or counter of their <c>id</c> column), and
    /// <see cref="Lines"/>.
    /// </summary>
    public static readonly IReadOnlySet<string> Tables = new HashSet<string>(StringComparer.Ordinal) { "baskets", Lines, "ledger_entries", "users" };

    /// <summary>
    /// Basket lines, kept in their basket's row (migration 0010): their ids come from the sequence
    /// <c>basket_line_ids</c> on PostgreSQL and the counter <c>basket_lines</c> of <c>sqlite_sequence</c> on SQLite.
    /// </summary>
    public const string Lines = "basket_lines";

    private readonly Dictionary<string, Queue<long>> _free = new(StringComparer.Ordinal);

    /// <summary>
    /// PostgreSQL: adds to <paramref name="batch"/> one statement that reserves, for each block, its count of ids of
    /// its table, kept here when the batch is read. SQLite reserves inside the write transaction
    /// (<see cref="NextAsync"/>), so nothing is added there.
    /// </summary>
    public async ValueTask ReserveAsync(SqlBatch batch, CancellationToken cancellationToken, params (string Table, int Count)[] blocks)
    {
        var wanted = blocks.Where(b => b.Count > 0).ToArray();
        var queues = wanted.Select(b => Queue(b.Table)).ToArray();
        if (!batch.IsPostgres || wanted.Length == 0)
        {
            return;
        }
        var sequences = new string[wanted.Length];
        for (var i = 0; i < wanted.Length; i++)
        {
            sequences[i] = await SequenceAsync(wanted[i].Table, cancellationToken);
        }
        // Counts go into the text rounded up to a power of two (the ids not used are gaps): a handful of texts, each
        // prepared once with a plan PostgreSQL keeps. With the count as a parameter, it planned the statement anew
        // every time (generate_series of a parameter is estimated at 1 000 rows, so the generic plan looked dear).
        var sql = string.Join(" UNION ALL ", wanted.Select((b, i) => string.Create(CultureInfo.InvariantCulture,
            $"SELECT {i}, nextval('{sequences[i]}'::regclass) FROM generate_series(1, {(int)BitOperations.RoundUpToPowerOf2((uint)b.Count)})")));
        batch.Query(sql, r => queues[r.GetInt32(0)].Enqueue(r.GetInt64(1)));
    }

    /// <summary>Identity sequences by table, looked up once per process (pg_get_serial_sequence is dear per row).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Sequences = new(StringComparer.Ordinal);

    private async ValueTask<string> SequenceAsync(string table, CancellationToken cancellationToken)
    {
        if (table == Lines)
        {
            return "basket_line_ids";
        }
        if (Sequences.TryGetValue(table, out var known))
        {
            return known;
        }
        string? name = null;
        await new SqlBatch(db).Query("SELECT pg_get_serial_sequence($1, 'id')", r => name = r.GetString(0), table).ReadAsync(cancellationToken);
        if (name is null || name.Contains('\'', StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{table}.id has no sequence to reserve ids from.");
        }
        return Sequences[table] = name;
    }

    /// <summary>
    /// Drops every id not handed out yet: after a rollback, SQLite's reservation is undone with the transaction
    /// (PostgreSQL's is not, but an unused id is only a gap).
    /// </summary>
    public void Forget() => _free.Clear();

    /// <summary>The next reserved id of <paramref name="table"/>, reserving <paramref name="more"/> when none is left.</summary>
    public async ValueTask<long> NextAsync(string table, int more, CancellationToken cancellationToken)
    {
        var queue = Queue(table);
        if (queue.Count == 0)
        {
            await ReserveAsync(table, Math.Max(1, more), queue, cancellationToken);
        }
        return queue.Dequeue();
    }

    private Queue<long> Queue(string table)
    {
        Check(table);
        if (!_free.TryGetValue(table, out var queue))
        {
            _free[table] = queue = new Queue<long>();
        }
        return queue;
    }

    private async Task ReserveAsync(string table, int count, Queue<long> into, CancellationToken cancellationToken)
    {
        if (db.IsPostgres)
        {
            var batch = new SqlBatch(db);
            await ReserveAsync(batch, cancellationToken, (table, count));
            await batch.ReadAsync(cancellationToken);
            return;
        }
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("SQLite ids are reserved inside the write transaction that uses them.");
        }
        // The counter row exists once the table had a row (the lines' counter from migration 0010 on); before that the
        // block starts after the highest id.
        long last = 0;
        await new SqlBatch(db).Query("UPDATE sqlite_sequence SET seq = seq + $1 WHERE name = $2 RETURNING seq", r => last = r.GetInt64(0), count, table)
            .ReadAsync(cancellationToken);
        if (last == 0)
        {
            var highest = 0L;
            if (table != Lines)
            {
                await new SqlBatch(db).Query($"SELECT coalesce(max(id), 0) FROM {table}", r => highest = r.GetInt64(0)).ReadAsync(cancellationToken);
            }
            last = highest + count;
            await new SqlBatch(db).Add("INSERT INTO sqlite_sequence (name, seq) VALUES ($1, $2)", table, last).ExecuteAsync(cancellationToken);
        }
        for (var id = last - count + 1; id <= last; id++)
        {
            into.Enqueue(id);
        }
    }

    private static void Check(string table)
    {
        if (!Tables.Contains(table))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Ids of {table} are not reserved."), nameof(table));
        }
    }
}
