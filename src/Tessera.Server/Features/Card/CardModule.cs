namespace Tessera.Server.Features.Card;

/// <summary>The member's card: get-user-vouchers and get-card.</summary>
public static class CardModule
{
    public static IServiceCollection AddCard(this IServiceCollection services) =>
        services.AddScoped<CardService>();

    public static IEndpointRouteBuilder MapCard(this IEndpointRouteBuilder app) =>
        app.MapCardEndpoints();
}
