namespace Tessera.Server.Features.Vouchers;

/// <summary>
/// The Vouchers feature's services and routes: create-voucher, the state changes, get-vouchers.
/// </summary>
public static class VouchersModule
{
    public static IServiceCollection AddVouchers(this IServiceCollection services) =>
        services.AddScoped<VoucherService>();

    public static IEndpointRouteBuilder MapVouchers(this IEndpointRouteBuilder app) =>
        app.MapVoucherEndpoints()
            .MapVoucherListEndpoints();
}
