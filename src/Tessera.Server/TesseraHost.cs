using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Tessera.Server.Auth;
using Tessera.Server.Cli;
using Tessera.Server.Data;
using Tessera.Server.Features.Baskets;
using Tessera.Server.Features.Baskets.Returns;
using Tessera.Server.Features.Businesses;
using Tessera.Server.Features.Campaigns;
using Tessera.Server.Features.Card;
using Tessera.Server.Features.Health;
using Tessera.Server.Features.Ledger;
using Tessera.Server.Features.LevelUp;
using Tessera.Server.Features.Members;
using Tessera.Server.Features.Sessions;
using Tessera.Server.Features.Vouchers;
using Tessera.Server.Protocol;

namespace Tessera.Server;

/// <summary>Composition of the HTTP host: services, the protocol pipeline and every feature's routes.</summary>
public static partial class TesseraHost
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
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, SpaazaJsonContext.Default));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddTesseraData(builder.Configuration);
        builder.Services.AddHostedService<MigrateOnStart>();
        builder.Services.AddTesseraAuth(builder.Configuration);
        builder.Services.AddScoped<ChainBootstrapper>();

        // The features, each registering its own services; their routes are mapped below in the same order.
        builder.Services.AddSessions();
        builder.Services.AddBusinesses();
        builder.Services.AddMembers();
        builder.Services.AddLedger();
        builder.Services.AddVouchers();
        builder.Services.AddCampaigns();
        builder.Services.AddCard();
        builder.Services.AddBaskets();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        builder.Services.AddOpenApi();

        var app = builder.Build();
        UseProtocol(app);
        app.MapOpenApi();
        app.UseSwaggerUI(o =>
        {
            o.SwaggerEndpoint("/openapi/v1.json", "Tessera (Spaaza API)");
            o.RoutePrefix = "swagger";
        });
        app.MapHealthChecks("/health", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions
        {
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        });
        app.MapSessions();
        app.MapBusinesses();
        app.MapMembers();
        app.MapLedger();
        app.MapVouchers();
        app.MapCampaigns();
        app.MapCard();
        app.MapBaskets();
        app.MapLevelUp();
        return app;
    }

    /// <summary>
    /// <c>Server:InlineScheduling</c> (off by default): a request runs on the socket's event thread from reading it to
    /// writing its answer, and the database's replies continue it there, instead of being handed to the thread pool at
    /// each step (Kestrel's <c>UnsafePreferInlineScheduling</c> and the runtime's inline socket completions, which this
    /// turns on for the process before any socket is opened). Fewer thread wake-ups per request; but whatever runs long
    /// on an event thread holds up every socket of that thread, so it is for PostgreSQL only (SQLite's I/O is
    /// synchronous) and the server's long computations (password hashing) leave the event threads. See
    /// docs/decisions.md.
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

    /// <summary>
    /// The Spaaza protocol for every endpoint: correlation id and request log, 330 for unexpected
    /// exceptions, the URL forms of 1.4.1, and 4 / 405 for a method the endpoint does not allow.
    /// </summary>
    private static void UseProtocol(WebApplication app)
    {
        var requestLog = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Tessera.Server.RequestLog");
        app.Use(async (context, next) =>
        {
            var correlationId = CorrelationId(context.Request.Headers["X-Correlation-Id"].ToString());
            context.TraceIdentifier = correlationId;
            // Set as the response starts: the exception handler clears headers set before it.
            context.Response.OnStarting(() =>
            {
                context.Response.Headers["X-Correlation-Id"] = correlationId;
                return Task.CompletedTask;
            });
            using var scope = requestLog.BeginScope("CorrelationId:{CorrelationId}", correlationId);
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(context);
            }
            finally
            {
                LogRequest(requestLog, context.Request.Method, context.Request.Path, context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        });
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // One handler turns every unexpected exception into 330 server_error; the details stay in the log.
            ExceptionHandler = async context =>
            {
                var exception = context.Features.Get<IExceptionHandlerFeature>()?.Error;
                LogUnhandled(requestLog, exception, context.TraceIdentifier);
                await Spaaza.WriteErrorAsync(context, ErrorCodes.ServerError.With(new System.Text.Json.Nodes.JsonObject { ["correlation_id"] = context.TraceIdentifier }));
            },
            SuppressDiagnosticsCallback = _ => true,
        });
        app.UseStatusCodePages(async statusContext =>
        {
            var context = statusContext.HttpContext;
            if (context.Response.StatusCode == StatusCodes.Status405MethodNotAllowed)
            {
                await Spaaza.WriteErrorAsync(context, ErrorCodes.HttpRequestMethodNotAllowed);
            }
            else if (context.Response.StatusCode == StatusCodes.Status404NotFound)
            {
                await Spaaza.WriteErrorAsync(context, ErrorCodes.EndpointNotFound);
            }
        });
        app.Use((context, next) =>
        {
            UrlForms.Normalise(context);
            return next(context);
        });
        app.UseRouting();
    }

    private static string CorrelationId(string supplied) =>
        supplied.Length is > 0 and <= 64 && supplied.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? supplied
            : NewCorrelationId();

    /// <summary>This server's random half of every correlation id it makes (servers behind one load balancer differ).</summary>
    private static readonly ulong CorrelationPrefix = BitConverter.ToUInt64(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));

    private static long _correlationCount;

    /// <summary>
    /// 32 hex digits: this server's random prefix and a count of its requests. Unique as a GUID would be, without
    /// a read of the system's random source per request (which is what Guid.NewGuid costs on Linux).
    /// </summary>
    internal static string NewCorrelationId() =>
        string.Create(32, (CorrelationPrefix, (ulong)Interlocked.Increment(ref _correlationCount)), static (chars, id) =>
        {
            id.Item1.TryFormat(chars, out _, "x16", System.Globalization.CultureInfo.InvariantCulture);
            id.Item2.TryFormat(chars[16..], out _, "x16", System.Globalization.CultureInfo.InvariantCulture);
        });

    [LoggerMessage(Level = LogLevel.Information, Message = "HTTP {Method} {Path} responded {StatusCode} in {ElapsedMs:0.0} ms")]
    private static partial void LogRequest(ILogger logger, string method, string path, int statusCode, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception; answered 330 server_error with correlation id {CorrelationId}")]
    private static partial void LogUnhandled(ILogger logger, Exception? exception, string correlationId);
}
