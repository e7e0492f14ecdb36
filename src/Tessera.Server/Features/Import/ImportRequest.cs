namespace Tessera.Server.Features.Import;

/// <summary>
/// An import of one CSV file into one chain. <see cref="RejectsPath"/>: where rejected rows are reported (by default
/// next to the input, <c>NAME.rejected.csv</c>). <see cref="Progress"/> is told the rows read so far.
/// </summary>
public sealed record ImportRequest(int ChainId, string Path, bool DryRun, string? RejectsPath = null, int BatchSize = 2000, Action<long>? Progress = null)
{
    public string RejectsFile => RejectsPath ?? System.IO.Path.ChangeExtension(Path, null) + ".rejected.csv";
}
