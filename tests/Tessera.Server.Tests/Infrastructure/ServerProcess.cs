using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using Xunit.Abstractions;

namespace Tessera.Server.Tests.Infrastructure;

/// <summary>A chain made by the bootstrap command of a server process: its id, app and privileged key.</summary>
public sealed record ChainKeys(int ChainId, string Hostname, string PrivilegedKey);

/// <summary>
/// <c>dotnet Tessera.Server.dll</c> (from the test output folder) on a database and a free port. Disposing kills
/// it, whatever happened; its output is kept for failure messages.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly string ServerDll = Path.Combine(AppContext.BaseDirectory, "Tessera.Server.dll");

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _log = new();

    private ServerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public bool Killed { get; private set; }

    public string Log => string.Join("\n", _log.TakeLast(40));

    public static async Task<ChainKeys> BootstrapAsync(TestDatabase database)
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var start = Start(database, "bootstrap", "--chain-name", $"Crash {id}", "--hostname", $"crash-{id}.example.test",
            "--admin-username", $"admin-{id}@example.test", "--admin-password", "admin-secret-1", "--json");
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, $"bootstrap exited with {process.ExitCode}: {await stderr}");
            using var result = JsonDocument.Parse(await stdout);
            var root = result.RootElement;
            return new ChainKeys(root.GetProperty("chain_id").GetInt32(), root.GetProperty("app_hostname").GetString()!, root.GetProperty("privileged_key").GetString()!);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    public static async Task<ServerProcess> StartAsync(TestDatabase database, ITestOutputHelper output, IReadOnlyDictionary<string, string>? settings = null)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = Start(database, "--urls", address.ToString().TrimEnd('/'));
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        var process = new Process { StartInfo = start };
        var server = new ServerProcess(process, address);
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
            var waited = Stopwatch.StartNew();
            while (true)
            {
                Assert.False(process.HasExited, $"the server exited with {(process.HasExited ? process.ExitCode : 0)}\n{server.Log}");
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(90), $"the server did not answer /health within 90 s\n{server.Log}");
                try
                {
                    using var health = await http.GetAsync("/health");
                    if (health.IsSuccessStatusCode)
                    {
                        break;
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    // Not listening yet.
                }
                await Task.Delay(100);
            }
            output.WriteLine($"server pid {process.Id} on {address} up after {waited.ElapsedMilliseconds} ms");
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public HttpClient Client(ChainKeys chain, int connections = 12)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections }) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", chain.PrivilegedKey);
        http.DefaultRequestHeaders.Add("X-MyPrice-App-Hostname", chain.Hostname);
        return http;
    }

    /// <summary>SIGKILL to the server (and anything it started): no shutdown, no flush, transactions cut where they are.</summary>
    public void Kill()
    {
        Killed = true;
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        Assert.True(_process.WaitForExit(30_000), "the killed server did not exit");
    }

    public ValueTask DisposeAsync()
    {
        if (!Killed)
        {
            Kill();
        }
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        _log.Enqueue(line);
        while (_log.Count > 200)
        {
            _log.TryDequeue(out _);
        }
    }

    private static ProcessStartInfo Start(TestDatabase database, params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ServerDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["Database__Provider"] = database.Provider;
        start.Environment["Database__ConnectionString"] = database.ConnectionString;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("ASPNETCORE_HTTP_PORTS");
        return start;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
