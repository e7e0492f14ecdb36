using Tessera.Server.Auth;
using Tessera.Server.Cli;
using Tessera.Server.Data;
using Tessera.Server.Features.Administration;
using Tessera.Server.Features.Baskets;
using Tessera.Server.Features.Businesses;
using Tessera.Server.Features.Campaigns;
using Tessera.Server.Features.Card;
using Tessera.Server.Features.ApiReference;
using Tessera.Server.Features.Events;
using Tessera.Server.Features.Health;
using Tessera.Server.Features.Telemetry;
using Tessera.Server.Features.Ledger;
using Tessera.Server.Features.LevelUp;
using Tessera.Server.Features.Members;
using Tessera.Server.Features.Scheduling;
using Tessera.Server.Features.Receipts;
using Tessera.Server.Features.Sessions;
using Tessera.Server.Features.Vouchers;
using Tessera.Server.Features.Webhooks;
using Tessera.Server.Protocol;

namespace Tessera.Server;

/// <summary>Composition of the HTTP host: services, the protocol pipeline and every feature's routes.</summary>
public static class TesseraHost
{
    public const string DefaultUrl = "http://localhost:5080";

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        // A connection reads its next request straight into a buffer, without first asking the socket whether data
        // is there (one system call fewer per request; an idle keep-alive connection holds a 4 kB pooled block).
        var inline = InlineScheduling(builder.Configuration);
        builder.WebHost.UseSockets(o =>
        {
            o.WaitForDataBeforeAllocatingBuffer = false;
            o.UnsafePreferInlineScheduling = inline;
        });

        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);

        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, SpaazaJsonContext.Plain);
            o.SerializerOptions.Encoder = SpaazaJson.Encoder;
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddInputLimits(builder.Configuration);
        builder.Services.AddTesseraData(builder.Configuration);
        builder.Services.AddHostedService<MigrateOnStart>();
        builder.Services.AddTesseraAuth(builder.Configuration);
        builder.Services.AddScoped<ChainBootstrapper>();

        // The features, each registering its own services; their routes are mapped below in the same order.
        builder.Services.AddSessions();
        builder.Services.AddBusinesses();
        builder.Services.AddMembers();
        builder.Services.AddLedger();
        builder.Services.AddEvents();
        builder.Services.AddVouchers();
        builder.Services.AddCampaigns();
        builder.Services.AddCard();
        builder.Services.AddBaskets();
        builder.Services.AddReceipts();
        builder.Services.AddOperations();
        builder.Services.AddApiReference();
        builder.Services.AddTelemetry(builder.Configuration);
        builder.Services.AddScheduling();
        builder.Services.AddWebhooks(builder.Configuration);
        builder.Services.AddAdministration();

        var app = builder.Build();
        app.UseSpaazaProtocol();
        app.UseRateLimiter();
        app.MapOperations();
        app.MapApiReference();
        app.MapTelemetry();
        app.MapSessions();
        app.MapBusinesses();
        app.MapMembers();
        app.MapLedger();
        app.MapVouchers();
        app.MapCampaigns();
        app.MapCard();
        app.MapBaskets();
        app.MapReceipts();
        app.MapLevelUp();
        app.MapWebhooks();
        app.MapAdministration();
        return app;
    }

    /// <summary>
    /// <c>Server:InlineScheduling</c> (off by default): a request runs on the socket's event thread from reading it to
    /// writing its answer, and the database's replies continue it there, instead of being handed to the thread pool at
    /// each step (Kestrel's <c>UnsafePreferInlineScheduling</c> and the runtime's inline socket completions, which this
    /// turns on for the process before any socket is opened). Fewer thread wake-ups per request; but whatever runs long
    /// on an event thread holds up every socket of that thread, so it is for PostgreSQL only (SQLite's I/O is
    /// synchronous) and the server's long computations (password hashing) leave the event threads. See
    /// docs/adr/0022-inline-scheduling-is-opt-in.md.
    /// </summary>
    internal static bool InlineScheduling(IConfiguration configuration)
    {
        if (!configuration.GetValue<bool>("Server:InlineScheduling"))
        {
            return false;
        }
        if (DatabaseSettings.From(configuration).Provider != DatabaseProvider.Postgres)
        {
            throw new InvalidOperationException("Server:InlineScheduling needs Database:Provider 'postgres': SQLite's I/O would block the event threads.");
        }
        Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
        return true;
    }
}
