using System.Globalization;
using Tessera.Server.Auth;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Members;

/// <summary><c>POST /auth/export</c> and the download link it hands out, <c>GET /export/user</c>.</summary>
public static class ExportEndpoints
{
    public static IEndpointRouteBuilder MapExportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/auth/export", Export).WithName("export");
        app.MapGet("/export/user", Download).WithName("export-download");
        return app;
    }

    /// <summary>Privileged (app header) or an admin with read permission on <c>chain_id</c>.</summary>
    private static async Task<IResult> Export(HttpRequest request, Caller caller, ExportService exports, CancellationToken ct)
    {
        var p = await SpaazaParams.ReadAsync(request, ct);
        var chain = ChainScope.Resolve(caller, p, ChainRule.AdminParamOrPrivilegedOwn, Permission.Read);
        if (chain.Failure is { } denied)
        {
            return Spaaza.Error(denied);
        }
        var entity = p.Required("export_entity");
        if (p.Failure is { } failure)
        {
            return Spaaza.Error(failure);
        }
        if (entity != ExportService.Entity)
        {
            return Spaaza.Error(ErrorCodes.ExportNotSupported.With("export_entity must be user"));
        }
        var baseUrl = $"{request.Scheme}://{request.Host}{request.PathBase}";
        return Spaaza.Ok("export", await exports.CreateLinkAsync(chain.Value, baseUrl, ct));
    }

    /// <summary>The link is its own authorisation: the signed nonce, used once (325, 326, 327).</summary>
    private static async Task<IResult> Download(HttpContext context, ExportService exports, CancellationToken ct)
    {
        var query = context.Request.Query;
        if (!int.TryParse(query["ChainId"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var chainId))
        {
            return Spaaza.Error(ErrorCodes.InvalidNonce);
        }
        if (await exports.RedeemAsync(query["Nonce"].ToString(), chainId, ct) is { } failure)
        {
            return Spaaza.Error(failure);
        }
        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"users-{chainId}.csv\"";
        await exports.WriteCsvAsync(chainId, context.Response.Body, ct);
        return Results.Empty;
    }
}
