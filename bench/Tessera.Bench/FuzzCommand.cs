using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tessera.Fuzzing;
using Tessera.Server;

namespace Tessera.Bench;

/// <summary>
/// <c>dotnet run -c Release -- fuzz [--count 100000] [--seed 20261206] [--workers 4] [--postgres "Host=…"]</c>: the
/// test suite's fuzzer (tests/Tessera.Server.Tests/Fuzzing) against the server on Kestrel, on a fresh SQLite file or
/// PostgreSQL database. Prints the answers by HTTP status, the first failures (5xx other than those the spec's table
/// prescribes, with seed and index to replay) and the errors the server logged; exits 1 on any of them.
/// </summary>
internal static class FuzzCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = int.Parse(Option(args, "--count") ?? "100000", CultureInfo.InvariantCulture);
        var seed = long.Parse(Option(args, "--seed") ?? "20261206", CultureInfo.InvariantCulture);
        var workers = int.Parse(Option(args, "--workers") ?? "4", CultureInfo.InvariantCulture);
        var postgres = Option(args, "--postgres");
        var folder = Directory.CreateTempSubdirectory("tessera-fuzz-");
        string? database = null;
        string connection;
        if (postgres is null)
        {
            connection = $"Data Source={Path.Combine(folder.FullName, "fuzz.db")}";
        }
        else
        {
            database = $"tessera_fuzz_{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}";
            await using (var admin = new Npgsql.NpgsqlConnection(postgres))
            {
                await admin.OpenAsync();
                await using var create = new Npgsql.NpgsqlCommand($"CREATE DATABASE {database}", admin);
                await create.ExecuteNonQueryAsync();
            }
            connection = new Npgsql.NpgsqlConnectionStringBuilder(postgres) { Database = database }.ToString();
        }
        try
        {
            return await FuzzAsync(postgres is null ? "sqlite" : "postgres", connection, seed, count, workers);
        }
        finally
        {
            folder.Delete(recursive: true);
            if (database is not null)
            {
                Npgsql.NpgsqlConnection.ClearAllPools();
                await using var admin = new Npgsql.NpgsqlConnection(postgres);
                await admin.OpenAsync();
                await using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin);
                await drop.ExecuteNonQueryAsync();
            }
        }
    }

    private static async Task<int> FuzzAsync(string provider, string connection, long seed, int count, int workers)
    {
        await using var app = TesseraHost.Build(
        [
            "--urls=http://127.0.0.1:0", $"--Database:Provider={provider}", $"--Database:ConnectionString={connection}",
            "--Logging:LogLevel:Default=Warning", "--Logging:Console:LogLevel:Default=None",
        ]);
        var errors = new ErrorCounter();
        app.Services.GetRequiredService<ILoggerFactory>().AddProvider(errors);
        await app.StartAsync();
        try
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(2) };
            var routes = FuzzRoute.Of(app.Services);
            Console.WriteLine($"fuzzing {routes.Count} routes on {provider} at {address}: seed {seed}, {count} requests, {workers} workers");
            var started = Stopwatch.GetTimestamp();
            var report = await FuzzRun.RunAsync(http, routes, seed, count, () => FuzzRun.SetUpAsync(app.Services, http), workers);
            var elapsed = Stopwatch.GetElapsedTime(started);
            Console.Write(report);
            Console.WriteLine($"{report.Total} requests in {elapsed.TotalSeconds:0.0} s ({report.Total / elapsed.TotalSeconds:0} per second)");
            var healthy = await FuzzRun.HealthyAsync(app.Services, http);
            Console.WriteLine(healthy is null ? "healthy afterwards: a new chain, add-user, logins, add-campaign and get-user all answered" : "NOT healthy afterwards: " + healthy);
            Console.WriteLine($"errors logged: {errors.Count}");
            foreach (var error in errors.First)
            {
                Console.WriteLine(error);
            }
            return report.Failures.Count == 0 && healthy is null && errors.Count == 0 ? 0 : 1;
        }
        finally
        {
            await app.StopAsync();
        }
    }

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    /// <summary>Counts what the server logs at error level or above, keeping the first few.</summary>
    private sealed class ErrorCounter : ILoggerProvider, ILogger
    {
        private readonly ConcurrentQueue<string> _first = new();
        private int _count;

        public int Count => _count;

        public IEnumerable<string> First => _first;

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error && Interlocked.Increment(ref _count) <= 5)
            {
                _first.Enqueue($"{logLevel}: {formatter(state, exception)}\n{exception}");
            }
        }

        public void Dispose()
        {
        }
    }
}
