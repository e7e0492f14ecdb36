namespace Tessera.Server.Features.Import;

/// <summary>
/// What an import did (or, with <see cref="DryRun"/>, would do): rows read, rows written (members created, balances
/// credited), rows already there (unchanged), rows rejected (listed in <see cref="RejectsFile"/>, null when none).
/// </summary>
public sealed record ImportReport(string Kind, bool DryRun, long Rows, long Written, long Unchanged, long Rejected, string? RejectsFile, double Seconds, double RowsPerSecond);
