using Tessera.Server.Auth;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Businesses;

/// <summary>alter-business (spec lines 6828-6889), add-business and get-businesses.</summary>
public static class BusinessEndpoints
{
    public static IEndpointRouteBuilder MapBusinessEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/internal/add-business", AddBusiness).WithName("add-business");
        app.MapPut("/internal/alter-business", AlterBusiness).WithName("alter-business");
        app.MapGet("/internal/get-businesses", GetBusinesses).WithName("get-businesses");
        return app;
    }

    private static ApiFailure? Authorize(Caller caller) =>
        caller.Require(CallerKind.Admin, CallerKind.Privileged) ?? caller.CheckPrivilegedApp();

    private static async Task<IResult> AddBusiness(HttpRequest request, Caller caller, BusinessService businesses, CancellationToken ct)
    {
        if (Authorize(caller) is { } denied)
        {
            return Spaaza.Error(denied);
        }
        var p = await SpaazaParams.ReadAsync(request, ct);
        var chainId = p.RequiredInt("chain_id", ErrorCodes.ChainIdRequired, ErrorCodes.ChainIdInvalid);
        p.Required("name");
        var fields = BusinessFields.Read(p);
        if (p.Failure is { } failure)
        {
            return Spaaza.Error(failure);
        }
        return (await businesses.AddAsync(caller, chainId, fields, ct)).ToResult("add-business");
    }

    private static async Task<IResult> AlterBusiness(HttpRequest request, Caller caller, BusinessService businesses, CancellationToken ct)
    {
        if (Authorize(caller) is { } denied)
        {
            return Spaaza.Error(denied);
        }
        var p = await SpaazaParams.ReadAsync(request, ct);
        var businessId = p.RequiredInt("business_id", ErrorCodes.BusinessIdNotPresent, ErrorCodes.BusinessIdInvalid);
        var fields = BusinessFields.Read(p);
        if (p.Failure is { } failure)
        {
            return Spaaza.Error(failure);
        }
        return (await businesses.AlterAsync(caller, businessId, fields, ct)).ToResult("alter-business");
    }

    private static async Task<IResult> GetBusinesses(HttpRequest request, Caller caller, BusinessService businesses, CancellationToken ct)
    {
        if (Authorize(caller) is { } denied)
        {
            return Spaaza.Error(denied);
        }
        var p = await SpaazaParams.ReadAsync(request, ct);
        var chainId = p.RequiredInt("chain_id", ErrorCodes.ChainIdRequired, ErrorCodes.ChainIdInvalid);
        if (p.Failure is { } failure)
        {
            return Spaaza.Error(failure);
        }
        return (await businesses.ListAsync(caller, chainId, ct)).ToResult("get-businesses");
    }
}
