namespace Tessera.Server.Features.Administration;

/// <summary>The administration of a chain (admins, apps, privileged keys), shared by the CLI and the API.</summary>
public static class AdministrationModule
{
    public static IServiceCollection AddAdministration(this IServiceCollection services) =>
        services.AddScoped<AdministrationService>();

    public static IEndpointRouteBuilder MapAdministration(this IEndpointRouteBuilder app) =>
        app.MapAdministrationEndpoints();
}
