using System.Diagnostics;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Cli;

/// <summary>A command of the server's executable, run as outside tools run it: a separate process on a test database.</summary>
internal static class ServerCommand
{
    public sealed record Run(int ExitCode, string Stdout, string Stderr);

    public static string ServerDll => Path.Combine(AppContext.BaseDirectory, "Tessera.Server.dll");

    /// <summary>The command with the database given by environment variables, as a deployment sets them.</summary>
    public static Task<Run> RunAsync(TestDatabase database, string command, params string[] arguments) =>
        RunInAsync(null, new Dictionary<string, string>
        {
            ["Database__Provider"] = database.Provider,
            ["Database__ConnectionString"] = database.ConnectionString,
        }, [command, .. arguments]);

    /// <summary>
    /// The executable with <paramref name="arguments"/> in <paramref name="workingDirectory"/> (the test's own when null),
    /// with no database settings in the environment but <paramref name="environment"/>.
    /// </summary>
    public static async Task<Run> RunInAsync(string? workingDirectory, IDictionary<string, string>? environment, params string[] arguments)
    {
        using var process = Process.Start(StartInfo(workingDirectory, environment, arguments))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return new Run(process.ExitCode, await stdout, await stderr);
    }

    public static ProcessStartInfo StartInfo(string? workingDirectory, IDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        start.ArgumentList.Add(ServerDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // The test host's own settings must not leak into the command (it reads the environment as a server does).
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("Database__", StringComparison.OrdinalIgnoreCase)
            || k.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase) || k.StartsWith("DOTNET_ENVIRONMENT", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        return start;
    }
}
