namespace Tessera.Server.Features.Import;

/// <summary>A data row of an import file: its line in the file (the header is line 1) and its fields by column.</summary>
public sealed record CsvRow(long Line, string[] Fields);
