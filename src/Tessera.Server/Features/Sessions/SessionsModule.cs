namespace Tessera.Server.Features.Sessions;

/// <summary>The Sessions feature's services and routes: login, session, get-login-status, logout, get-cross-site-token.</summary>
public static class SessionsModule
{
    public static IServiceCollection AddSessions(this IServiceCollection services) =>
        services
            .AddScoped<SessionService>()
            .AddScoped<LoginThrottle>()
            .AddLoginAddressLimit();

    public static IEndpointRouteBuilder MapSessions(this IEndpointRouteBuilder app) =>
        app.MapSessionEndpoints();
}
