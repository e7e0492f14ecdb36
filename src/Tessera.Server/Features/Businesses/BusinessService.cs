using Microsoft.EntityFrameworkCore;
using Tessera.Server.Auth;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Businesses;

/// <summary>Branches of a chain: add, alter, list.</summary>
public sealed class BusinessService(TesseraDbContext db, TimeProvider clock)
{
    public async Task<Outcome<BusinessResults>> AddAsync(Caller caller, int chainId, BusinessFields fields, CancellationToken cancellationToken)
    {
        if (!caller.Can(Permission.Write, chainId) || !await db.Chains.AnyAsync(c => c.Id == chainId, cancellationToken))
        {
            return ErrorCodes.PermissionDeniedOrNonExistent;
        }
        if (fields.OwnerCode is { Length: > 0 } code && await db.Businesses.AnyAsync(b => b.ChainId == chainId && b.OwnerCode == code, cancellationToken))
        {
            return OwnerCodeTaken(code);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var business = new Business { ChainId = chainId, Name = fields.Name!, CreatedAt = now, UpdatedAt = now };
        fields.ApplyTo(business);
        db.Businesses.Add(business);
        if (!await TrySaveAsync(cancellationToken))
        {
            return OwnerCodeTaken(fields.OwnerCode!);
        }
        return new BusinessResults(BusinessView.From(business));
    }

    public async Task<Outcome<BusinessResults>> AlterAsync(Caller caller, int businessId, BusinessFields fields, CancellationToken cancellationToken)
    {
        var business = await db.Businesses.FirstOrDefaultAsync(b => b.Id == businessId, cancellationToken);
        // 68 for a business of another chain as for one that does not exist: ids of other tenants are not confirmed.
        if (business is null || !caller.Can(Permission.Write, business.ChainId, business.Id))
        {
            return ErrorCodes.PermissionDeniedOrNonExistent;
        }
        if (fields.OwnerCode is { Length: > 0 } code && code != business.OwnerCode
            && await db.Businesses.AnyAsync(b => b.ChainId == business.ChainId && b.OwnerCode == code, cancellationToken))
        {
            return OwnerCodeTaken(code);
        }
        fields.ApplyTo(business);
        business.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        if (!await TrySaveAsync(cancellationToken))
        {
            return OwnerCodeTaken(fields.OwnerCode!);
        }
        return new BusinessResults(BusinessView.From(business));
    }

    public async Task<Outcome<BusinessListResults>> ListAsync(Caller caller, int chainId, CancellationToken cancellationToken)
    {
        var query = db.Businesses.AsNoTracking().Where(b => b.ChainId == chainId);
        if (!caller.Can(Permission.Read, chainId))
        {
            // An admin of some branches only sees those.
            var permitted = caller.Permissions.Where(p => p.ChainId == chainId && p.BusinessId is not null && (p.CanRead || p.CanWrite || p.IsSuperUser))
                .Select(p => p.BusinessId!.Value).ToList();
            if (permitted.Count == 0)
            {
                return ErrorCodes.PermissionDeniedOrNonExistent;
            }
            query = query.Where(b => permitted.Contains(b.Id));
        }
        var businesses = await query.OrderBy(b => b.Id).ToListAsync(cancellationToken);
        return new BusinessListResults(businesses.Select(BusinessView.From).ToList());
    }

    private static ApiFailure OwnerCodeTaken(string code) =>
        ErrorCodes.TooManyDuplicateObjects.With($"owner_code '{code}' is already used by another business of this chain");

    /// <summary>False when a concurrent writer took the same owner code first (unique index).</summary>
    private async Task<bool> TrySaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }
}
