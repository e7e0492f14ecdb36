namespace Tessera.Server.Data.Sql;

/// <summary>
/// A text value given as its UTF-8 bytes (JSON written by a <see cref="System.Text.Json.Utf8JsonWriter"/>): PostgreSQL
/// gets the bytes as they are, without a string twice their size in between; SQLite gets the string.
/// </summary>
public sealed record Utf8Text(byte[] Bytes);
