using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Tessera.Server.Features.Telemetry;

/// <summary>
/// OpenTelemetry traces and metrics: ASP.NET Core, HttpClient (webhooks), Npgsql, the runtime and
/// <see cref="TesseraMetrics"/>; exported over OTLP when configured and at <c>/metrics</c> for Prometheus.
/// </summary>
public static class TelemetryModule
{
    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<TesseraMetrics>();
        var settings = TelemetrySettings.From(configuration);
        services.AddSingleton(settings);
        if (!settings.Enabled)
        {
            return services;
        }
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("tessera", serviceVersion: typeof(TelemetryModule).Assembly.GetName().Version?.ToString()))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation()
                    .AddMeter("Npgsql").AddMeter(TesseraMetrics.MeterName);
                if (!string.IsNullOrEmpty(settings.PrometheusPath))
                {
                    metrics.AddPrometheusExporter();
                }
            })
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsScrapeOrProbe(context.Request.Path, settings))
                .AddHttpClientInstrumentation()
                .AddNpgsql());
        if (settings.OtlpEndpoint is { } endpoint)
        {
            telemetry.UseOtlpExporter(OtlpExportProtocol.Grpc, new Uri(endpoint));
        }
        return services;
    }

    public static WebApplication MapTelemetry(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<TelemetrySettings>();
        if (settings.Enabled && !string.IsNullOrEmpty(settings.PrometheusPath))
        {
            app.MapPrometheusScrapingEndpoint(settings.PrometheusPath).WithName("metrics");
        }
        return app;
    }

    private static bool IsScrapeOrProbe(PathString path, TelemetrySettings settings) =>
        path.StartsWithSegments("/health") || (settings.PrometheusPath is { Length: > 0 } scrape && path.StartsWithSegments(scrape));
}
