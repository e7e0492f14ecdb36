using System.Data.Common;

namespace Tessera.Server.Data.Sql;

/// <summary>Nullable column values of the plain-SQL readers (members, vouchers, the card); times are stored in UTC.</summary>
public static class ReaderValues
{
    public static string? TextOrNull(this DbDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    public static int? Int32OrNull(this DbDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetInt32(i);

    public static long? Int64OrNull(this DbDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetInt64(i);

    public static bool? BooleanOrNull(this DbDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetBoolean(i);

    public static DateTime Utc(this DbDataReader reader, int i) => DateTime.SpecifyKind(reader.GetDateTime(i), DateTimeKind.Utc);

    public static DateTime? UtcOrNull(this DbDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.Utc(i);
}
