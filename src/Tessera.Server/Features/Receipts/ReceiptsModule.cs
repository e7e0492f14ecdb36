namespace Tessera.Server.Features.Receipts;

/// <summary>The Receipts feature: the services receipt calls, get-receipts (JSON and CSV), PDFs and the settings call.</summary>
public static class ReceiptsModule
{
    public static IServiceCollection AddReceipts(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddHttpClient(ReceiptPdfs.LogoClient, c => c.Timeout = ReceiptPdfs.LogoTimeout);
        return services
            .AddScoped<ReceiptReader>()
            .AddScoped<ReceiptLinks>()
            .AddScoped<ReceiptEvent>()
            .AddScoped<ReceiptPdfs>();
    }

    public static IEndpointRouteBuilder MapReceipts(this IEndpointRouteBuilder app) =>
        app.MapReceiptEndpoints().MapReceiptListEndpoints().MapReceiptSettingsEndpoints();
}
