namespace Tessera.Server.Features.Telemetry;

/// <summary>
/// <c>Telemetry:*</c>. Traces and metrics are collected when <see cref="Enabled"/>; metrics are served at
/// <see cref="PrometheusPath"/> for a Prometheus scraper (empty: not served), and both go over OTLP when
/// <see cref="OtlpEndpoint"/> (or the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>) names a collector.
/// </summary>
public sealed record TelemetrySettings(bool Enabled, string? PrometheusPath, string? OtlpEndpoint)
{
    public static TelemetrySettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Telemetry");
        var otlp = section["OtlpEndpoint"] is { Length: > 0 } endpoint ? endpoint : configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        return new TelemetrySettings(
            section.GetValue("Enabled", true),
            section["PrometheusPath"] ?? "/metrics",
            string.IsNullOrWhiteSpace(otlp) ? null : otlp);
    }
}
