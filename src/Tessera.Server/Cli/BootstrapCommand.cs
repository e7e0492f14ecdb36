using System.CommandLine;
using System.Text.Json;
using Tessera.Server.Protocol;

namespace Tessera.Server.Cli;

/// <summary>
/// <c>bootstrap --chain-name NAME --hostname HOST --admin-username EMAIL --admin-password PASSWORD [--currency EUR]</c>: a new
/// chain with its app, a super-user admin and a privileged key (shown once). Same configuration as the server.
/// </summary>
internal static class BootstrapCommand
{
    public static Command Create()
    {
        var chainName = new Option<string>("--chain-name") { Description = "The retailer's name", Required = true };
        var hostname = new Option<string>("--hostname") { Description = "The host name of its app (X-MyPrice-App-Hostname)", Required = true };
        var username = new Option<string>("--admin-username") { Description = "The super-user admin's email address", Required = true };
        var password = new Option<string>("--admin-password") { Description = "The admin's password (6 characters or more)", Required = true };
        var currency = new Option<string>("--currency") { Description = "ISO-4217 code of the chain's currency", DefaultValueFactory = _ => "EUR" };
        var command = CliCommand.Create("bootstrap",
            "Create a chain (retailer) with its app, a super-user admin and a privileged API key. The key is shown once.",
            chainName, hostname, username, password, currency);
        command.SetWork(async (parse, services, cancellationToken) =>
        {
            var (result, error) = await services.GetRequiredService<ChainBootstrapper>().BootstrapAsync(new BootstrapRequest(
                parse.GetValue(chainName)!, parse.GetValue(hostname)!, parse.GetValue(username)!, parse.GetValue(password)!, parse.GetValue(currency)!),
                cancellationToken);
            return result is null
                ? CliAnswer.Refuse(error!)
                : CliAnswer.Ok(JsonSerializer.SerializeToNode(result, SpaazaJsonContext.Default.BootstrapResult)!);
        });
        return command;
    }
}
