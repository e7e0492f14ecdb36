using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Server.Protocol;

namespace Tessera.Fuzzing;

/// <summary>
/// What a fuzz run saw: answers by HTTP status, and the failures: requests answered 5xx (or not at all), except where
/// the spec's error table itself gives the error code that HTTP status (e.g. 82 chain_id_required is 500 there;
/// docs/spec-choices.md). 330 server_error is always a failure.
/// </summary>
public sealed class FuzzReport(long seed)
{
    private readonly ConcurrentDictionary<int, int> _statuses = new();
    private readonly ConcurrentQueue<string> _failures = new();

    public long Seed => seed;

    public IReadOnlyDictionary<int, int> Statuses => _statuses;

    public int Total => _statuses.Values.Sum();

    public IReadOnlyList<string> Failures => [.. _failures];

    private readonly ConcurrentDictionary<int, int> _prescribed = new();

    /// <summary>5xx answers the spec prescribes, by error code.</summary>
    public IReadOnlyDictionary<int, int> Prescribed => _prescribed;

    public void Record(FuzzRequest request, int status, string? answer)
    {
        _statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
        if (status >= 500 && PrescribedCode(status, answer) is { } code)
        {
            _prescribed.AddOrUpdate(code, 1, (_, n) => n + 1);
        }
        else if (status is >= 500 or 0)
        {
            _failures.Enqueue($"{request.Describe()}answered {status}: {answer}");
        }
    }

    /// <summary>The error code of an envelope whose code the spec's table gives <paramref name="status"/>, other than 330.</summary>
    private static int? PrescribedCode(int status, string? answer)
    {
        try
        {
            // The error object from 1.4.0, or the legacy errors object keyed by the code.
            var envelope = answer is null ? null : JsonNode.Parse(answer);
            var code = envelope?["error"]?["code"]?.GetValue<int>()
                ?? (envelope?["errors"] is JsonObject legacy && legacy.Count == 1 && int.TryParse(legacy.First().Key, CultureInfo.InvariantCulture, out var key) ? key : null);
            return code is { } c && c != ErrorCodes.ServerError.Code && ErrorCodes.Find(c)?.HttpStatus == status ? c : null;
        }
        catch (JsonException)
        {
            return null;
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
        foreach (var (code, count) in _prescribed.OrderBy(s => s.Key))
        {
            text.Append(CultureInfo.InvariantCulture, $"  of them error {code} (HTTP {ErrorCodes.Find(code)!.HttpStatus} in the spec's table): {count}\n");
        }
        foreach (var failure in _failures.Take(5))
        {
            text.Append('\n').Append(failure).Append('\n');
        }
        return text.ToString();
    }
}
