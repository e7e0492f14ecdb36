using Microsoft.Extensions.Logging;
using Xunit.Abstractions;
using Tessera.Fuzzing;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Protocol;

/// <summary>
/// Seeded random and mutated requests over every route the server maps (Fuzzing/RequestFuzzer.cs): none answers 5xx
/// or logs an error, and the server serves a normal call afterwards. <c>TESSERA_FUZZ_SEED</c> and
/// <c>TESSERA_FUZZ_COUNT</c> (per engine) change the slice; a failure prints the seed, index and request to replay.
/// bench/Tessera.Bench runs the same fuzzer for 100 000 requests (<c>dotnet run -c Release -- fuzz</c>).
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private const long DefaultSeed = 20261206;
    private const int DefaultCount = 1500;

    private static long Seed => long.TryParse(Environment.GetEnvironmentVariable("TESSERA_FUZZ_SEED"), out var seed) ? seed : DefaultSeed;

    private static int Count => int.TryParse(Environment.GetEnvironmentVariable("TESSERA_FUZZ_COUNT"), out var count) ? count : DefaultCount;

    [Theory, AllEngines, Trait("Category", "Slow")]
    public async Task Fuzzed_requests_over_every_route_never_answer_5xx_and_leave_the_server_healthy(string engine)
    {
        await using var app = new TesseraApp(engine);
        using var http = app.CreateClient();
        var routes = FuzzRoute.Of(app.Services);
        Assert.Contains(routes, r => r.Path == "/auth/add-basket");

        var report = await FuzzRun.RunAsync(http, routes, Seed, Count, () => FuzzRun.SetUpAsync(app.Services, http), workers: 2);

        output.WriteLine(report.ToString());
        Assert.True(report.Failures.Count == 0, report.ToString());
        var errors = app.Logs.Entries.Where(e => e.Level >= LogLevel.Error).Take(3).Select(e => $"{e.Category} [{e.CorrelationId}]: {e.Message}\n{e.Exception}").ToList();
        Assert.True(errors.Count == 0, $"fuzz seed {Seed} logged errors:\n" + string.Join("\n", errors));
        Assert.Null(await FuzzRun.HealthyAsync(app.Services, http));
        Assert.Equal(Count, report.Total);
    }
}
