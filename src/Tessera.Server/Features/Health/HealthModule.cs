using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Tessera.Server.Features.Health;

/// <summary>Operations: <c>GET /health</c> (the database reachable: 200, else 503), the OpenAPI document and its browser.</summary>
public static class HealthModule
{
    public static IServiceCollection AddOperations(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        services.AddOpenApi();
        return services;
    }

    public static WebApplication MapOperations(this WebApplication app)
    {
        app.MapOpenApi();
        app.UseSwaggerUI(o =>
        {
            o.SwaggerEndpoint("/openapi/v1.json", "Tessera (Spaaza API)");
            o.RoutePrefix = "swagger";
        });
        app.MapHealthChecks("/health", new HealthCheckOptions
        {
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        });
        return app;
    }
}
