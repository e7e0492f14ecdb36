using Microsoft.EntityFrameworkCore;
using Tessera.Server.Auth;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;
using Tessera.Server.Features.Events;
using Tessera.Server.Features.Members;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Campaigns;

/// <summary>
/// <c>PUT /auth/alter-loyalty-level</c> (spec lines 1159-1198): an admin with write permission sets a
/// member's level; privileged clients are refused. The level must belong to the member's chain (68).
/// </summary>
public static class LoyaltyLevelEndpoints
{
    public static IEndpointRouteBuilder MapLoyaltyLevelEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPut("/auth/alter-loyalty-level", AlterLoyaltyLevel).WithName("alter-user-loyalty-level");
        // The call's name as a path too, as Spaaza's examples call it.
        app.MapPut("/auth/alter-user-loyalty-level", AlterLoyaltyLevel).WithName("alter-user-loyalty-level-by-call-name");
        return app;
    }

    private static async Task<IResult> AlterLoyaltyLevel(HttpRequest request, Caller caller, TesseraDbContext db, EventWriter events, TimeProvider clock, CancellationToken ct)
    {
        if (ChainScope.Admit(caller, ChainRule.AdminRowAmongPermittedChains) is { } denied)
        {
            return Spaaza.Error(denied);
        }
        var p = await SpaazaParams.ReadAsync(request, ct);
        var userId = p.Int("user_id", ErrorCodes.UserIdInvalid);
        var memberNumber = Blanks.NullIfEmpty(p.Text("member_number"));
        var levelId = p.RequiredInt("loyalty_level_id", ErrorCodes.HttpVarsMissing, ErrorCodes.ParameterSuppliedNotInteger);
        var chainParam = p.Int("chain_id", ErrorCodes.ChainIdInvalid);
        if (p.Failure is { } failure)
        {
            return Spaaza.Error(failure);
        }
        if (userId is null && memberNumber is null)
        {
            return Spaaza.Error(ErrorCodes.UserIdOrMemberNumberRequired);
        }

        // user_id takes precedence (spec). A member number is looked up in the chains the admin may write to.
        var writable = ChainScope.ChainsWith(caller, Permission.Write).ToList();
        if (chainParam is { } onlyChain)
        {
            writable = writable.Where(c => c == onlyChain).ToList();
        }
        var candidates = await db.Users
            .Where(u => !u.IsAdmin && writable.Contains(u.ChainId) && (userId != null ? u.Id == userId : u.MemberNumber == memberNumber))
            .Take(2).ToListAsync(ct);
        if (candidates.Count > 1)
        {
            return Spaaza.Error(ErrorCodes.TooManyDuplicateObjects.With("the member_number names members of several chains; send chain_id"));
        }
        var member = candidates.SingleOrDefault();
        if (member is null)
        {
            return Spaaza.Error(ErrorCodes.PermissionDeniedOrNonExistent);
        }
        var level = await db.LoyaltyLevels.AsNoTracking().FirstOrDefaultAsync(l => l.Id == levelId && l.ChainId == member.ChainId, ct);
        if (level is null)
        {
            return Spaaza.Error(ErrorCodes.PermissionDeniedOrNonExistent.With("the chain has no loyalty level with this id"));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var current = await db.MemberLoyaltyLevels.FirstOrDefaultAsync(m => m.UserId == member.Id, ct);
        if (current?.LoyaltyLevelId != level.Id)
        {
            var previous = current?.LoyaltyLevelId;
            if (current is null)
            {
                db.MemberLoyaltyLevels.Add(new MemberLoyaltyLevel { UserId = member.Id, LoyaltyLevelId = level.Id, DateReached = now });
            }
            else
            {
                current.LoyaltyLevelId = level.Id;
                current.DateReached = now;
            }
            await db.SaveChangesAsync(ct);
            await events.LevelChangedAsync(member, previous, level.Id, LoyaltyService.ManualLevel, caller.User?.Id, ct);
            await db.SaveChangesAsync(ct);
        }
        await transaction.CommitAsync(ct);
        return Spaaza.Ok("alter-user-loyalty-level", new LoyaltyLevelResults(
            new LoyaltyLevelView(level.Id, level.CampaignId, level.Name, level.Description, level.AutomatedLevelLogic ? "1" : "0")));
    }
}
