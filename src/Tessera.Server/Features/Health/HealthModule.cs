using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Tessera.Server.Features.Health;

/// <summary>
/// Operations: <c>GET /health/live</c> (the process answers), <c>GET /health/ready</c> (the database answers and holds
/// every migration: route traffic here), <c>GET /health</c> (the database answers, as before). Each answers 200 when healthy and 503 otherwise, with the checks' names and results as JSON.
/// </summary>
public static class HealthModule
{
    private const string Ready = "ready";

    public static IServiceCollection AddOperations(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [Ready])
            .AddCheck<MigrationsHealthCheck>("migrations", tags: [Ready]);
        return services;
    }

    public static WebApplication MapOperations(this WebApplication app)
    {
        // /health answers "Healthy" as text, as it always has; the newer two answer JSON with each check.
        app.MapHealthChecks("/health", Options(check => check.Name == "database", json: false));
        app.MapHealthChecks("/health/live", Options(_ => false));
        app.MapHealthChecks("/health/ready", Options(check => check.Tags.Contains(Ready)));
        return app;
    }

    private static HealthCheckOptions Options(Func<HealthCheckRegistration, bool> predicate, bool json = true)
    {
        var options = new HealthCheckOptions
        {
            Predicate = predicate,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        };
        if (json)
        {
            options.ResponseWriter = HealthAnswer.WriteAsync;
        }
        return options;
    }
}
