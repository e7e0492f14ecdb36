using System.Text.Json;
using Tessera.Server.Auth;
using Tessera.Server.Data;

namespace Tessera.Server.Cli;

/// <summary>
/// <c>bootstrap --chain-name NAME --hostname HOST --admin-username EMAIL --admin-password PASSWORD [--currency EUR]</c>.
/// Prints exactly one JSON object on stdout; messages go to stderr. Same database configuration as the server.
/// </summary>
public static class BootstrapCommand
{
    private const string Usage = "usage: bootstrap --chain-name NAME --hostname HOST --admin-username EMAIL --admin-password PASSWORD [--currency EUR]";

    private static readonly string[] Known = ["--chain-name", "--hostname", "--admin-username", "--admin-password", "--currency"];

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            var (name, value) = eq > 0 ? (arg[..eq], arg[(eq + 1)..]) : (arg, i + 1 < args.Length ? args[++i] : null);
            if (!Known.Contains(name) || value is null)
            {
                await Console.Error.WriteLineAsync(value is null ? $"bootstrap: {name} needs a value" : $"bootstrap: unknown option {name}");
                await Console.Error.WriteLineAsync(Usage);
                return 2;
            }
            options[name] = value;
        }
        foreach (var required in Known[..4])
        {
            if (!options.ContainsKey(required))
            {
                await Console.Error.WriteLineAsync($"bootstrap: {required} is required");
                await Console.Error.WriteLineAsync(Usage);
                return 2;
            }
        }

        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var services = new ServiceCollection()
            .AddLogging(b => b.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning))
            .AddSingleton(TimeProvider.System)
            .AddSingleton<Passwords>()
            .AddScoped<ChainBootstrapper>();
        try
        {
            services.AddTesseraData(configuration);
            await using var provider = services.BuildServiceProvider();
            await using var scope = provider.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync();
            var (result, error) = await scope.ServiceProvider.GetRequiredService<ChainBootstrapper>().BootstrapAsync(new BootstrapRequest(
                options["--chain-name"], options["--hostname"], options["--admin-username"], options["--admin-password"],
                options.GetValueOrDefault("--currency", "EUR")));
            if (result is null)
            {
                await Console.Error.WriteLineAsync($"bootstrap: {error}");
                return 1;
            }
            await using var stdout = Console.OpenStandardOutput();
            await JsonSerializer.SerializeAsync(stdout, result, Protocol.SpaazaJsonContext.Default.BootstrapResult);
            await stdout.WriteAsync("\n"u8.ToArray());
            return 0;
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.Data.Common.DbException)
        {
            await Console.Error.WriteLineAsync($"bootstrap: {ex.Message}");
            return 1;
        }
    }
}
