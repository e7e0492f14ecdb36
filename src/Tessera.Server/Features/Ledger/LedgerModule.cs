namespace Tessera.Server.Features.Ledger;

/// <summary>The Ledger feature's services and routes: add-user-purchase-progress, user-wallet-ledger.</summary>
public static class LedgerModule
{
    public static IServiceCollection AddLedger(this IServiceCollection services) =>
        services.AddScoped<LedgerService>();

    public static IEndpointRouteBuilder MapLedger(this IEndpointRouteBuilder app) =>
        app.MapLedgerEndpoints();
}
