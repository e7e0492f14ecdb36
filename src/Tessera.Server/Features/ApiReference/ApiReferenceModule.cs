using Scalar.AspNetCore;

namespace Tessera.Server.Features.ApiReference;

/// <summary>
/// The API's reference: the OpenAPI document at <c>/openapi/v1.json</c>, completed from <see cref="CallCatalogue"/>, and
/// an interactive page at <c>/docs</c> (Scalar, served from the package: no CDN; see docs/adr/0043-the-api-reference-is-a-call-catalogue-shown-by-scalar.md).
/// </summary>
public static class ApiReferenceModule
{
    public static IServiceCollection AddApiReference(this IServiceCollection services)
    {
        services.AddOpenApi(o => o.AddDocumentTransformer<SpaazaDocumentTransformer>());
        return services;
    }

    public static WebApplication MapApiReference(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapScalarApiReference("/docs", o => o
            .WithTitle("Tessera: the Spaaza API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .WithDefaultHttpClient(ScalarTarget.Shell, ScalarClient.Curl));
        return app;
    }
}
