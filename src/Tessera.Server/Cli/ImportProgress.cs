using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Tessera.Server.Features.Import;
using Tessera.Server.Protocol;

namespace Tessera.Server.Cli;

/// <summary>
/// Runs an import with its progress on stderr: a Spectre.Console bar with the rate and the time left on a terminal, a
/// plain line every few seconds when stderr is redirected (a log, a pipe).
/// </summary>
internal static class ImportProgress
{
    private static readonly TimeSpan PlainEvery = TimeSpan.FromSeconds(5);

    public static async Task<Outcome<ImportReport>> RunAsync(string kind, string path, Func<Action<long>, Task<Outcome<ImportReport>>> import)
    {
        var total = CsvRows.CountRows(path);
        var watch = Stopwatch.StartNew();
        if (!CliOutput.ErrorsInteractive)
        {
            var last = TimeSpan.Zero;
            return await import(rows =>
            {
                if (watch.Elapsed - last >= PlainEvery || rows == total)
                {
                    last = watch.Elapsed;
                    Console.Error.WriteLine(Line(kind, rows, total, watch.Elapsed));
                }
            });
        }
        return await CliOutput.Errors.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask($"import {kind}", maxValue: Math.Max(total, 1));
                var outcome = await import(rows =>
                {
                    task.Value = rows;
                    task.Description = $"import {kind}: {Rate(rows, watch.Elapsed)} rows/s";
                });
                task.Value = task.MaxValue;
                return outcome;
            });
    }

    private static string Rate(long rows, TimeSpan elapsed) =>
        (rows / Math.Max(elapsed.TotalSeconds, 1e-3)).ToString("N0", CultureInfo.InvariantCulture);

    private static string Line(string kind, long rows, long total, TimeSpan elapsed)
    {
        var rate = rows / Math.Max(elapsed.TotalSeconds, 1e-3);
        var left = rate > 0 ? TimeSpan.FromSeconds(Math.Max(0, total - rows) / rate) : TimeSpan.Zero;
        var percent = total > 0 ? 100.0 * rows / total : 100;
        return string.Create(CultureInfo.InvariantCulture, $"import {kind}: {rows}/{total} rows ({percent:F0}%), {rate:F0} rows/s, ETA {left:hh\\:mm\\:ss}");
    }
}
