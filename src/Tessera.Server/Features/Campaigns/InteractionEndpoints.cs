using Microsoft.EntityFrameworkCore;
using Tessera.Domain.Campaigns;
using Tessera.Server.Auth;
using Tessera.Server.Data;
using Tessera.Server.Features.Members;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Campaigns;

public sealed record InteractionResults(bool Success);

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
        var reference = MemberAccess.Reference(p);
        var chainParam = p.Int("chain_id", ErrorCodes.ChainIdInvalid);
        if (p.Failure is { } failure)
        {
            return Spaaza.Error(failure);
        }
        Data.Entities.User? member;
        int chainId;
        switch (caller.Kind)
        {
            case CallerKind.Member:
                member = caller.User;
                chainId = caller.User!.ChainId;
                break;
            case CallerKind.Privileged:
                if (caller.CheckPrivilegedApp() is { } appFailure)
                {
                    return Spaaza.Error(appFailure);
                }
                chainId = caller.Client!.ChainId;
                (member, _) = await members.FindAsync(chainId, reference, MemberOrder, false, ct);
                break;
            case CallerKind.Admin:
                if (chainParam is not { } given)
                {
                    return Spaaza.Error(ErrorCodes.ChainIdRequired);
                }
                if (!caller.Can(Permission.Read, given))
                {
                    return Spaaza.Error(ErrorCodes.PermissionDeniedOrNonExistent);
                }
                chainId = given;
                (member, _) = await members.FindAsync(chainId, reference, MemberOrder, false, ct);
                break;
            default:
                return Spaaza.Error(caller.Require(CallerKind.Member, CallerKind.Admin, CallerKind.Privileged)!);
        }
        if (member is null || member.Obfuscated)
        {
            return Spaaza.Error(ErrorCodes.UserNotFound);
        }
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
