using Microsoft.EntityFrameworkCore;
using Tessera.Domain.Reference;
using Tessera.Server.Auth;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;
using Tessera.Server.Features.Campaigns;
using Tessera.Server.Features.Members;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Baskets;

/// <summary>Resolves the entity, branch, member, currency and country of a basket (spec: the request tables).</summary>
public sealed class BasketScopes(TesseraDbContext db, CampaignCatalogue catalogue)
{
    /// <summary>
    /// How the basket's shopper is found (spec basket user: member_number, else authentication_point_identifier, else
    /// spaaza_user_id; another member_programme than spaaza, or none of them, is an anonymous shopper); null for none.
    /// </summary>
    public static (string Where, object Value)? MemberMatch(BasketInput input) =>
        input.Shopper is { } shopper && (shopper.MemberProgramme is null || string.Equals(shopper.MemberProgramme, "spaaza", StringComparison.OrdinalIgnoreCase))
            ? MemberSql.Match(new MemberRef(shopper.SpaazaUserId, null, shopper.MemberNumber, shopper.AuthenticationPointIdentifier))
            : null;

    /// <summary>The chain the entity names, if the caller may write baskets for it (68 otherwise).</summary>
    public async Task<Outcome<(int ChainId, Business? Business)>> ChainAsync(Caller caller, EntityInput entity, CancellationToken cancellationToken)
    {
        int chainId;
        Business? business = null;
        if (entity.Type == "business")
        {
            business = await db.Businesses.AsNoTracking().FirstOrDefaultAsync(b => b.Id == entity.Id, cancellationToken);
            if (business is null)
            {
                return ErrorCodes.PermissionDeniedOrNonExistent;
            }
            chainId = business.ChainId;
        }
        else
        {
            chainId = entity.Id;
        }
        return ChainScope.Authorize(caller, chainId, Permission.Write) is { } denied ? denied : (chainId, business);
    }

    public Task<ChainCampaigns> ResolveChainCampaignsAsync(int chainId, CancellationToken cancellationToken) => catalogue.GetAsync(db, chainId, cancellationToken);

    public async Task<Outcome<BasketScope>> ResolveAsync(Caller caller, BasketInput input, CancellationToken cancellationToken)
    {
        var chain = await ChainAsync(caller, input.Entity, cancellationToken);
        if (chain.Failure is { } denied)
        {
            return denied;
        }
        var (chainId, business) = chain.Value;
        var campaigns = await catalogue.GetAsync(db, chainId, cancellationToken);
        var warnings = new List<ApiWarning>(input.Warnings);

        // spec: branch_business_id wins over branch_business_owner_code; an in-store basket without a valid branch is the chain's, with a warning.
        var branch = business;
        if (branch is null && input.Entity.BranchId is { } branchId)
        {
            branch = await db.Businesses.AsNoTracking().FirstOrDefaultAsync(b => b.Id == branchId && b.ChainId == chainId, cancellationToken);
        }
        if (branch is null && input.Entity.BranchOwnerCode is { } ownerCode)
        {
            branch = await db.Businesses.AsNoTracking().FirstOrDefaultAsync(b => b.ChainId == chainId && b.OwnerCode == ownerCode, cancellationToken);
        }
        if (branch is null && input.PlatformType == "in_store")
        {
            warnings.Add(input.Entity.BranchId is null && input.Entity.BranchOwnerCode is { } sentCode
                ? ApiWarning.About(ErrorCodes.BusinessIdNotFound, "branch_business_owner_code", sentCode, "no valid branch_business_id or branch_business_owner_code: the basket is recorded for the chain")
                : ApiWarning.About(ErrorCodes.BusinessIdNotFound, "branch_business_id", input.Entity.BranchId, "no valid branch_business_id or branch_business_owner_code: the basket is recorded for the chain"));
        }

        CurrencyInfo? currency;
        if (input.CurrencyId is { } currencyId)
        {
            currency = Currencies.FindById(currencyId);
        }
        else if (input.CurrencyCode is { } code)
        {
            currency = Currencies.FindByCode(code);
        }
        else
        {
            // Without basket_currency: the chain's; a basket with returns takes its original purchase's (BasketService).
            currency = Currencies.FindById(campaigns.Chain.CurrencyId);
        }
        if (currency is null)
        {
            return ErrorCodes.CurrencyNotFound;
        }

        // The member is read by the caller with the rest of its first round trip (MemberMatch, BasketScope.WithMember).
        var country = input.CountryCode ?? (input.PlatformType == "in_store" ? branch?.CountryCode : null);
        return new BasketScope(campaigns, branch, null, currency, country, warnings);
    }
}
