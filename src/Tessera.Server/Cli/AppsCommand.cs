using System.CommandLine;
using Tessera.Server.Features.Administration;
using static Tessera.Server.Protocol.SpaazaJsonContext;

namespace Tessera.Server.Cli;

/// <summary><c>apps add|list</c>: the host names through which a chain's members reach the API.</summary>
internal static class AppsCommand
{
    public static Command Create()
    {
        var apps = new Command("apps", "A chain's apps: the host names (X-MyPrice-App-Hostname) its members reach the API through.");
        var chainId = AdminsCommand.ChainIdOption();

        var hostname = new Option<string>("--hostname") { Description = "The app's host name", Required = true };
        var name = new Option<string?>("--name") { Description = "A name for it (the host name when left out)" };
        var add = CliCommand.Create("add", "Add an app to a chain.", chainId, hostname, name);
        add.SetWork(async (parse, services, ct) => CliAnswer.From(
            await services.GetRequiredService<AdministrationService>().AddAppAsync(parse.GetValue(chainId), parse.GetValue(hostname)!, parse.GetValue(name), ct),
            Default.AppView));
        apps.Subcommands.Add(add);

        var list = CliCommand.Create("list", "List a chain's apps.", chainId);
        list.SetWork(async (parse, services, ct) => CliAnswer.From(
            await services.GetRequiredService<AdministrationService>().ListAppsAsync(parse.GetValue(chainId), ct), Default.ListAppView));
        apps.Subcommands.Add(list);
        return apps;
    }
}
