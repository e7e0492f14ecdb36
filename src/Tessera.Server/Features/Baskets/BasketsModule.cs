using Tessera.Server.Features.Baskets.Returns;

namespace Tessera.Server.Features.Baskets;

/// <summary>The Baskets feature's services and routes: get-basket-price, add-basket (with inline returns) and the standalone return.</summary>
public static class BasketsModule
{
    public static IServiceCollection AddBaskets(this IServiceCollection services) =>
        services
            .AddScoped<BasketScopes>()
            .AddScoped<ProductCatalogue>()
            .AddSingleton<KnownProducts>()
            .AddScoped<BasketRedemptions>()
            .AddScoped<BasketWriter>()
            .AddScoped<BasketService>()
            .AddScoped<ReturnPlanner>()
            .AddScoped<ReturnWriter>()
            .AddScoped<StandaloneReturnService>();

    public static IEndpointRouteBuilder MapBaskets(this IEndpointRouteBuilder app) =>
        app.MapBasketEndpoints();
}
