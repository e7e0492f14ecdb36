using Microsoft.EntityFrameworkCore;
using Tessera.Domain.Reference;
using Tessera.Server.Auth;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;
using Tessera.Server.Features.Campaigns;
using Tessera.Server.Features.Members;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Baskets;

/// <summary>Who and where a basket is for: the chain (with its active campaigns), branch, member, currency and country.</summary>
public sealed record BasketScope(ChainCampaigns Campaigns, Business? Branch, User? Member, CurrencyInfo Currency, string? CountryCode, IReadOnlyList<ApiWarning> Warnings)
{
    public Chain Chain => Campaigns.Chain;

    /// <summary>
    /// The shopper's member, read by the caller (in its first round trip) from <see cref="BasketScopes.MemberMatch"/>:
    /// an obfuscated (deleted) member shops anonymously; the country falls back to the member's last.
    /// </summary>
    public BasketScope WithMember(User? found)
    {
        var member = found is { Obfuscated: false } ? found : null;
        return this with { Member = member, CountryCode = CountryCode ?? member?.CountryCode };
    }
}

/// <summary>A purchase line while a basket is priced and stored.</summary>
public sealed class Line(ItemInput input)
{
    public ItemInput Input { get; } = input;
    public long PriceCents => Input.PriceCents ?? 0;
    public long SubtotalCents => Input.SubtotalCents ?? PriceCents * Input.Quantity;
    public Product? Product { get; set; }
    public ProductVariant? Variant { get; set; }
    public BasketItem? Row { get; set; }
    public List<(AppliedVoucher Voucher, long Cents)> Distribution { get; } = [];
    public List<(Earned Earned, long Cents)> Earnings { get; } = [];

    /// <summary>Product (var_price) vouchers redeemed on this line, for all its units.</summary>
    public List<AppliedVoucher> ItemVouchers { get; } = [];
    public long ItemVoucherCents => ItemVouchers.Sum(v => v.RedeemedCents);

    /// <summary>The line after its item vouchers: what basket vouchers spread over.</summary>
    public long NetSubtotalCents => SubtotalCents - ItemVoucherCents;
    public long AdjustedCents => NetSubtotalCents - Distribution.Sum(d => d.Cents);

    /// <summary>Whether a product voucher for <paramref name="code"/> applies to this line.</summary>
    public bool IsProduct(string? code) =>
        code is not null && Input.ItemType == "product" && (code == Input.RetailerProductCode || code == Input.Barcode);

    /// <summary>Lines that take part in spend and earn: products, not excluded from Spaaza.</summary>
    public bool Earns(bool countPromotional) =>
        Input.ItemType == "product" && !Input.Excluded && (countPromotional || !Input.Promotional);
}

/// <summary>A voucher applied to a basket: a basket voucher (with what it redeems), or an honour voucher.</summary>
public sealed class AppliedVoucher(Voucher voucher, Campaign? campaign)
{
    public Voucher Voucher { get; set; } = voucher;
    public Campaign? Campaign { get; } = campaign;
    public long RedeemedCents { get; set; }

    /// <summary>Redeemed by this basket (claimed in its batch); the amount claimed, and the version it was read at.</summary>
    public bool Claimed { get; set; }
    public long ClaimedCents { get; set; }
    public int ReadVersion { get; set; }

    /// <summary>A new voucher for value refunded by a return in this basket (spec: regenerated_rewards).</summary>
    public Regenerated? RegeneratedFrom { get; set; }
}

/// <summary>What a cashback campaign credits to its recipient wallet for this basket.</summary>
public sealed record Earned(Campaign Contributing, Campaign Wallet, long TotalCents);

/// <summary>Progress a progress or purchase-count campaign makes (spend in hundredths, visits or items).</summary>
public sealed record ProgressMade(Campaign Campaign, string Unit, long Delta);

/// <summary>A returned line: the original purchase line it takes back and what that undoes.</summary>
public sealed class ReturnLine(ItemInput? input, BasketItem original, Basket originalBasket, int quantity, long returnPriceCents, int alreadyReturned)
{
    public ItemInput? Input { get; } = input;
    public BasketItem Original { get; } = original;
    public Basket OriginalBasket { get; } = originalBasket;
    public int Quantity { get; } = quantity;
    public long ReturnPriceCents { get; } = returnPriceCents;

    /// <summary>Units of the original line returned before this one (earlier baskets and earlier lines of this one).</summary>
    public int AlreadyReturned { get; set; } = alreadyReturned;
    public List<Refund> Refunds { get; } = [];
    public List<Reclaim> Reclaims { get; } = [];
    public BasketItem? Row { get; set; }
    public ReturnedItem? Returned { get; set; }
    public ReturnTransaction? Transaction { get; set; }
}

/// <summary>The part of a basket voucher spent on the returned units, given back (spec: voucher_distribution_refunds).</summary>
public sealed record Refund(Voucher Voucher, Campaign? Campaign, long Cents);

/// <summary>The part of a wallet credit earned on the returned units, taken back (spec: purchase_progress_distribution_reclaims).</summary>
public sealed record Reclaim(int UserId, EarnedPart Earned, Campaign Wallet, long Cents)
{
    public LedgerEntry? Entry { get; set; }
}

/// <summary>A voucher regenerated for a refund (spec: regenerated_rewards, parent_voucher).</summary>
public sealed record Regenerated(ReturnLine Return, Refund Refund);

/// <summary>Resolves the entity, branch, member, currency and country of a basket (spec: the request tables).</summary>
public sealed class BasketScopes(TesseraDbContext db, CampaignCatalogue catalogue)
{
    /// <summary>
    /// How the basket's shopper is found (spec basket user: member_number, else authentication_point_identifier, else
    /// spaaza_user_id; another member_programme than spaaza, or none of them, is an anonymous shopper); null for none.
    /// </summary>
    public static (string Where, object Value)? MemberMatch(BasketInput input) =>
        input.Shopper is { } shopper && (shopper.MemberProgramme is null || string.Equals(shopper.MemberProgramme, "spaaza", StringComparison.OrdinalIgnoreCase))
            ? MemberRows.Match(new MemberRef(shopper.SpaazaUserId, null, shopper.MemberNumber, shopper.AuthenticationPointIdentifier))
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
        var allowed = caller.IsPrivileged ? caller.Client!.ChainId == chainId : caller.Can(Permission.Write, chainId);
        return allowed ? (chainId, business) : ErrorCodes.PermissionDeniedOrNonExistent;
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
            warnings.Add(new ApiWarning(ErrorCodes.BusinessIdNotFound, "no valid branch_business_id or branch_business_owner_code: the basket is recorded for the chain"));
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
