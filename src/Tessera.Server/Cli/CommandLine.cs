using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Tessera.Server.Data;

namespace Tessera.Server.Cli;

/// <summary>
/// What the command-line commands share: options as <c>--name value</c> or <c>--name=value</c>, the data services
/// configured as the server's (environment variables) on a migrated database, and one JSON object on stdout.
/// Messages go to stderr; exit code 2 for a bad command line, 1 for a refusal or a database failure.
/// </summary>
internal static class CommandLine
{
    /// <summary>The options, or null (after saying why on stderr) when one is unknown, lacks its value or is missing.</summary>
    public static async Task<Dictionary<string, string>?> ParseAsync(string command, string usage, string[] args, IReadOnlyCollection<string> known, IReadOnlyCollection<string> required)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            var (name, value) = eq > 0 ? (arg[..eq], arg[(eq + 1)..]) : (arg, i + 1 < args.Length ? args[++i] : null);
            if (!known.Contains(name) || value is null)
            {
                return await RefuseAsync(command, usage, value is null ? $"{name} needs a value" : $"unknown option {name}");
            }
            options[name] = value;
        }
        foreach (var name in required.Where(r => !options.ContainsKey(r)))
        {
            return await RefuseAsync(command, usage, $"{name} is required");
        }
        return options;
    }

    public static async Task<Dictionary<string, string>?> RefuseAsync(string command, string usage, string why)
    {
        await Console.Error.WriteLineAsync($"{command}: {why}");
        await Console.Error.WriteLineAsync(usage);
        return null;
    }

    /// <summary>Runs <paramref name="run"/> in a scope of the data services, after migrating the database.</summary>
    public static async Task<int> WithDataAsync(string command, Action<IServiceCollection> add, Func<IServiceProvider, Task<int>> run)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var services = new ServiceCollection()
            .AddLogging(b => b.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning))
            .AddSingleton(TimeProvider.System);
        add(services);
        try
        {
            services.AddTesseraData(configuration);
            await using var provider = services.BuildServiceProvider();
            await using var scope = provider.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync();
            return await run(scope.ServiceProvider);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.Data.Common.DbException)
        {
            await Console.Error.WriteLineAsync($"{command}: {ex.Message}");
            return 1;
        }
    }

    /// <summary>Writes <paramref name="value"/> as one JSON object and a newline on stdout.</summary>
    public static async Task WriteJsonAsync<T>(T value, JsonTypeInfo<T> type)
    {
        await using var stdout = Console.OpenStandardOutput();
        await JsonSerializer.SerializeAsync(stdout, value, type);
        await stdout.WriteAsync("\n"u8.ToArray());
    }
}
