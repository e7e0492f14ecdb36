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

    private static async Task<IResult> AddBusiness(HttpRequest request, Caller caller, BusinessService businesses, CancellationToken ct)
    {
        if (ChainScope.Admit(caller, ChainRule.AdminOrPrivilegedParam) is { } denied)
        {
            return Spaaza.Error(denied);
        }
        var p = await SpaazaParams.ReadAsync(request, ct);
        // The service checks the write permission, with the chain's existence (68 for both).
        var chain = ChainScope.Resolve(caller, p, ChainRule.AdminOrPrivilegedParam);
        p.Required("name");
        var fields = BusinessFields.Read(p);
        if ((p.Failure ?? chain.Failure) is { } failure)
        {
            return Spaaza.Error(failure);
        }
        return (await businesses.AddAsync(caller, chain.Value, fields, ct)).ToResult("add-business");
    }

    private static async Task<IResult> AlterBusiness(HttpRequest request, Caller caller, BusinessService businesses, CancellationToken ct)
    {
        if (ChainScope.Admit(caller, ChainRule.AdminOrPrivilegedRow) is { } denied)
        {
            return Spaaza.Error(denied);
        }
        var p = await SpaazaParams.ReadAsync(request, ct);
        // The service checks the write permission on the business's chain or on the business.
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
        if (ChainScope.Admit(caller, ChainRule.AdminOrPrivilegedParam) is { } denied)
        {
            return Spaaza.Error(denied);
        }
        var p = await SpaazaParams.ReadAsync(request, ct);
        // The service checks the read permission, or lists the businesses the admin may read.
        var chain = ChainScope.Resolve(caller, p, ChainRule.AdminOrPrivilegedParam);
        if (chain.Failure is { } failure)
        {
            return Spaaza.Error(failure);
        }
        return (await businesses.ListAsync(caller, chain.Value, ct)).ToResult("get-businesses");
    }
}
