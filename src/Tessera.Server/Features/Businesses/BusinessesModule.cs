namespace Tessera.Server.Features.Businesses;

/// <summary>The Businesses feature's services and routes: add-business, alter-business, get-businesses.</summary>
public static class BusinessesModule
{
    public static IServiceCollection AddBusinesses(this IServiceCollection services) =>
        services.AddScoped<BusinessService>();

    public static IEndpointRouteBuilder MapBusinesses(this IEndpointRouteBuilder app) =>
        app.MapBusinessEndpoints();
}
