using Microsoft.EntityFrameworkCore;
using Tessera.Domain.Campaigns;
using Tessera.Server.Auth;
using Tessera.Server.Data;
using Tessera.Server.Features.Members;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Campaigns;

/// <summary><c>GET /interact-campaign</c> (spec lines 6760-6827).</summary>
public static class InteractionEndpoints
{
    private static readonly string[] MemberOrder = ["user_id", "member_number", "authentication_point_identifier"];

    public static IEndpointRouteBuilder MapInteractionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/interact-campaign", InteractCampaign).WithName("interact-campaign");
        return app;
    }

    private static async Task<IResult> InteractCampaign(HttpRequest request, Caller caller, TesseraDbContext db, MemberService members, CampaignRewards rewards, LoyaltyService loyalty, CancellationToken ct)
    {
        var p = await SpaazaParams.ReadAsync(request, ct);
        var campaignId = p.RequiredInt("campaign_id", ErrorCodes.CampaignIdNotPresent, ErrorCodes.CampaignIdInvalid);
        if (p.Failure is { } failure)
        {
            return Spaaza.Error(failure);
        }
        var target = await MemberAccess.TargetMemberAsync(caller, p, members, MemberOrder, Permission.Read, ct);
        if (target.Failure is { } denied)
        {
            return Spaaza.Error(denied);
        }
        var member = target.Value!;
        var chainId = member.ChainId;
        var campaign = await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == campaignId && c.ChainId == chainId, ct);
        if (campaign is null)
        {
            return Spaaza.Error(ErrorCodes.CampaignIdNotFound);
        }
        if (campaign.Type != CampaignTypes.Interaction)
        {
            return Spaaza.Error(ErrorCodes.ParameterInvalid.With("campaign_id is not an interaction campaign"));
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var outcome = await rewards.InteractAsync(member, campaign, ct);
        if (outcome.Failure is { } refused)
        {
            return Spaaza.Error(refused);
        }
        await loyalty.EvaluateAsync(member, ct);
        await transaction.CommitAsync(ct);
        // spec: a reward already fully redeemed is a 200 with the warning 450 (and no new reward).
        return outcome.Value is { } warning
            ? Spaaza.Ok("interact-campaign", new InteractionResults(false), [warning])
            : Spaaza.Ok("interact-campaign", new InteractionResults(true));
    }
}
