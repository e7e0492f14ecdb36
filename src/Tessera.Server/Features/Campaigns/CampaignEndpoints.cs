using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Tessera.Domain.Campaigns;
using Tessera.Server.Auth;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Campaigns;

/// <summary>
/// Campaign management through the API (Spaaza does it in its console): add-campaign and alter-campaign
/// take the campaign object as JSON; admins with write permission on the chain, or privileged clients.
/// </summary>
public static class CampaignEndpoints
{
    public static IEndpointRouteBuilder MapCampaignEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/internal/add-campaign", AddCampaign).WithName("add-campaign");
        app.MapPut("/internal/alter-campaign", AlterCampaign).WithName("alter-campaign");
        app.MapGet("/internal/get-campaigns", GetCampaigns).WithName("get-campaigns");
        app.MapGet("/internal/get-campaign", GetCampaign).WithName("get-campaign");
        app.MapDelete("/internal/delete-campaign", DeleteCampaign).WithName("delete-campaign");
        return app;
    }

    private static string? AcceptLanguage(HttpRequest request) => request.Headers.AcceptLanguage.ToString() is { Length: > 0 } value ? value : null;

    private static ApiFailure? Authorize(Caller caller, ChainRule rule) => ChainScope.Admit(caller, rule);

    private static async Task<Outcome<JsonObject>> ReadBodyAsync(HttpRequest request, CancellationToken ct) =>
        await JsonBody.ReadObjectAsync(request, ct) is { } body ? body : ErrorCodes.ParameterInvalid.With("the body must be a JSON campaign object");

    private static async Task<IResult> AddCampaign(HttpRequest request, Caller caller, CampaignService campaigns, CancellationToken ct)
    {
        if (Authorize(caller, ChainRule.AdminParamOrPrivilegedOwnIfSame) is { } denied)
        {
            return Spaaza.Error(denied);
        }
        var body = await ReadBodyAsync(request, ct);
        if (body.Failure is { } badBody)
        {
            return Spaaza.Error(badBody);
        }
        // The body's chain_id (a JSON number or a numeric string) as the parameter ChainScope reads.
        var sentChain = body.Value!["chain_id"];
        if (sentChain is not null && JsonBody.IntOf(sentChain) is null)
        {
            return Spaaza.Error(ErrorCodes.ChainIdInvalid);
        }
        var p = SpaazaParams.From(JsonBody.IntOf(sentChain) is { } sent
            ? [new(ChainScope.ChainParam, sent.ToString(System.Globalization.CultureInfo.InvariantCulture))]
            : []);
        var chain = ChainScope.Resolve(caller, p, ChainRule.AdminParamOrPrivilegedOwnIfSame, Permission.Write);
        if (chain.Failure is { } refused)
        {
            return Spaaza.Error(refused);
        }
        return (await campaigns.AddAsync(chain.Value, body.Value!, AcceptLanguage(request), ct)).ToResult("add-campaign");
    }

    /// <summary>The campaign named by <c>campaign_id</c>: 413 when it does not exist or the caller may not read its chain.</summary>
    private static async Task<Outcome<Campaign>> FindAsync(TesseraDbContext db, Caller caller, int? campaignId, Permission permission, CancellationToken ct)
    {
        if (campaignId is null)
        {
            return ErrorCodes.HttpVarsMissing.With("campaign_id is required");
        }
        var campaign = await db.Campaigns.FirstOrDefaultAsync(c => c.Id == campaignId, ct);
        if (campaign is null)
        {
            return ErrorCodes.CampaignNotFound;
        }
        return ChainScope.OfRow(caller, campaign.ChainId, permission, ErrorCodes.CampaignNotFound) is { } refused ? refused : campaign;
    }

    private static async Task<IResult> AlterCampaign(HttpRequest request, Caller caller, TesseraDbContext db, CampaignService campaigns, CancellationToken ct)
    {
        if (Authorize(caller, ChainRule.AdminOrPrivilegedRow) is { } denied)
        {
            return Spaaza.Error(denied);
        }
        var body = await ReadBodyAsync(request, ct);
        if (body.Failure is { } badBody)
        {
            return Spaaza.Error(badBody);
        }
        var idNode = body.Value!["campaign_id"] ?? body.Value["id"];
        int? campaignId = idNode is null && int.TryParse(request.Query["campaign_id"], out var fromQuery) ? fromQuery : JsonBody.IntOf(idNode);
        if (idNode is not null && campaignId is null)
        {
            return Spaaza.Error(ErrorCodes.ParameterSuppliedNotInteger.With("campaign_id must be an integer"));
        }
        var campaign = await FindAsync(db, caller, campaignId, Permission.Write, ct);
        if (campaign.Failure is { } notFound)
        {
            return Spaaza.Error(notFound);
        }
        return (await campaigns.AlterAsync(campaign.Value!, body.Value, AcceptLanguage(request), ct)).ToResult("alter-campaign");
    }

    private static async Task<IResult> GetCampaigns(HttpRequest request, Caller caller, CampaignService campaigns, CancellationToken ct)
    {
        if (Authorize(caller, ChainRule.AdminParamOrPrivilegedParamOrOwn) is { } denied)
        {
            return Spaaza.Error(denied);
        }
        var p = await SpaazaParams.ReadAsync(request, ct);
        var chain = ChainScope.Resolve(caller, p, ChainRule.AdminParamOrPrivilegedParamOrOwn);
        var type = p.Text("type");
        var active = p.Bool("active");
        if (p.Failure is { } failure)
        {
            return Spaaza.Error(failure);
        }
        if (type is { Length: > 0 } && !CampaignTypes.IsKnown(type))
        {
            return Spaaza.Error(ErrorCodes.CampaignTypeNotSupported);
        }
        if (ChainScope.Authorize(caller, chain.Value, Permission.Read) is { } forbidden)
        {
            return Spaaza.Error(forbidden);
        }
        return Spaaza.Ok("get-campaigns", await campaigns.ListAsync(chain.Value, string.IsNullOrEmpty(type) ? null : type, active, AcceptLanguage(request), ct));
    }

    /// <summary>The campaign of the <c>campaign_id</c> parameter, for a caller with <paramref name="permission"/> on its chain.</summary>
    private static async Task<Outcome<Campaign>> ParameterCampaignAsync(HttpRequest request, Caller caller, TesseraDbContext db, Permission permission, CancellationToken ct)
    {
        if (Authorize(caller, ChainRule.AdminOrPrivilegedRow) is { } denied)
        {
            return denied;
        }
        var p = await SpaazaParams.ReadAsync(request, ct);
        var campaignId = p.Int("campaign_id", ErrorCodes.ParameterSuppliedNotInteger);
        return p.Failure is { } failure ? failure : await FindAsync(db, caller, campaignId, permission, ct);
    }

    private static async Task<IResult> GetCampaign(HttpRequest request, Caller caller, TesseraDbContext db, CampaignService campaigns, CancellationToken ct)
    {
        var campaign = await ParameterCampaignAsync(request, caller, db, Permission.Read, ct);
        return campaign.Failure is { } failure
            ? Spaaza.Error(failure)
            : Spaaza.Ok("get-campaign", new CampaignResults(await campaigns.ViewAsync(campaign.Value!, AcceptLanguage(request), ct)));
    }

    private static async Task<IResult> DeleteCampaign(HttpRequest request, Caller caller, TesseraDbContext db, CampaignService campaigns, CancellationToken ct)
    {
        var campaign = await ParameterCampaignAsync(request, caller, db, Permission.Write, ct);
        return campaign.Failure is { } failure
            ? Spaaza.Error(failure)
            : Spaaza.Ok("delete-campaign", await campaigns.DeactivateAsync(campaign.Value!, AcceptLanguage(request), ct));
    }
}
