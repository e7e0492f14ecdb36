using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Tessera.Server.Data.Sql;

/// <summary>
/// Rows of an EF-mapped entity written with PostgreSQL's <c>COPY … FROM STDIN (FORMAT csv)</c>, in the context's
/// transaction: the columns and their values come from the EF model, so the rows are those SaveChanges would write,
/// at COPY's speed (bulk imports, ADR 0042). PostgreSQL only.
/// </summary>
public static class PostgresCopy
{
    /// <param name="withKey">Whether the key columns are written (ids reserved beforehand) or left to their defaults.</param>
    public static async Task CopyAsync<T>(TesseraDbContext db, IReadOnlyCollection<T> rows, bool withKey, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.");
        var properties = entity.GetProperties().Where(p => withKey || !p.IsPrimaryKey()).ToList();
        var getters = properties.Select(p => p.PropertyInfo ?? throw new InvalidOperationException($"{p.Name} has no CLR property.")).ToList();
        var columns = string.Join(", ", properties.Select(p => $"\"{p.GetColumnName()}\""));
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var writer = await connection.BeginTextImportAsync($"COPY \"{entity.GetTableName()}\" ({columns}) FROM STDIN (FORMAT csv)", cancellationToken);
        var line = new StringBuilder(512);
        foreach (var row in rows)
        {
            line.Clear();
            for (var i = 0; i < getters.Count; i++)
            {
                if (i > 0)
                {
                    line.Append(',');
                }
                Append(line, getters[i].GetValue(row));
            }
            line.Append('\n');
            await writer.WriteAsync(line, cancellationToken);
        }
    }

    /// <summary>CSV as COPY reads it: an unquoted empty field is NULL, a quoted one is text.</summary>
    private static void Append(StringBuilder line, object? value)
    {
        switch (value)
        {
            case null:
                break;
            case bool b:
                line.Append(b ? 't' : 'f');
                break;
            case DateTime d:
                line.Append(DateTime.SpecifyKind(d, DateTimeKind.Utc).ToString("yyyy-MM-dd HH:mm:ss.ffffff'+00'", CultureInfo.InvariantCulture));
                break;
            case string s:
                line.Append('"').Append(s.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
                break;
            case IFormattable f:
                line.Append(f.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                throw new InvalidOperationException($"COPY cannot write a {value.GetType().Name}.");
        }
    }
}
