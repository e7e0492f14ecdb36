using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Tessera.Fuzzing;

/// <summary>
/// What a fuzz run saw: answers by HTTP status, and the failures: requests answered 5xx or not at all.
/// </summary>
public sealed class FuzzReport(long seed)
{
    private readonly ConcurrentDictionary<int, int> _statuses = new();
    private readonly ConcurrentQueue<string> _failures = new();

    public long Seed => seed;

    public IReadOnlyDictionary<int, int> Statuses => _statuses;

    public int Total => _statuses.Values.Sum();

    public IReadOnlyList<string> Failures => [.. _failures];

    public void Record(FuzzRequest request, int status, string? answer)
    {
        _statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
        if (status is >= 500 or 0)
        {
            _failures.Enqueue($"{request.Describe()}answered {status}: {answer}");
        }
    }

    /// <summary>The counts, one status a line, then the first failures in full (each names its seed and index).</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"fuzz seed {seed}: {Total} requests, {_failures.Count} answered 5xx or not at all\n");
        foreach (var (status, count) in _statuses.OrderBy(s => s.Key))
        {
            text.Append(CultureInfo.InvariantCulture, $"  {status}: {count}\n");
        }
        foreach (var failure in _failures.Take(5))
        {
            text.Append('\n').Append(failure).Append('\n');
        }
        return text.ToString();
    }
}
