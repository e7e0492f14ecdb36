using Tessera.Server.Auth;

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
        if (await CommandLine.ParseAsync("bootstrap", Usage, args, Known, Known[..4]) is not { } options)
        {
            return 2;
        }
        return await CommandLine.WithDataAsync("bootstrap", services => services.AddSingleton<Passwords>().AddScoped<ChainBootstrapper>(), async provider =>
        {
            var (result, error) = await provider.GetRequiredService<ChainBootstrapper>().BootstrapAsync(new BootstrapRequest(
                options["--chain-name"], options["--hostname"], options["--admin-username"], options["--admin-password"],
                options.GetValueOrDefault("--currency", "EUR")));
            if (result is null)
            {
                await Console.Error.WriteLineAsync($"bootstrap: {error}");
                return 1;
            }
            await CommandLine.WriteJsonAsync(result, Protocol.SpaazaJsonContext.Default.BootstrapResult);
            return 0;
        });
    }
}
