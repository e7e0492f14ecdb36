using Tessera.Server.Auth;
using Tessera.Server.Data;
using Tessera.Server.Features.Administration;
using Tessera.Server.Features.Import;
using Tessera.Server.Features.Webhooks;

namespace Tessera.Server.Cli;

/// <summary>
/// The services a command runs with, configured exactly as the server's: <see cref="WebApplication.CreateBuilder(WebApplicationOptions)"/>
/// reads appsettings.json (and appsettings.{Environment}.json) from the working directory, the environment and the
/// configuration arguments of the command line (<c>--Database:Provider postgres</c>), in the server's order. Logs go
/// to stderr, warnings and worse.
/// </summary>
internal static class CliHost
{
    public static WebApplication Build(string[] configurationArguments)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = configurationArguments });
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("Tessera", LogLevel.Warning);
        // The key ring's keys are kept unencrypted on purpose (docs/webhooks.md, ADR 0034): no warning for each key made.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager", LogLevel.Error);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddTesseraData(builder.Configuration);
        builder.Services.AddTesseraAuth(builder.Configuration);
        builder.Services.AddScoped<ChainBootstrapper>();
        builder.Services.AddAdministration();
        builder.Services.AddImport();
        builder.Services.AddWebhookManagement(builder.Configuration);
        return builder.Build();
    }
}
