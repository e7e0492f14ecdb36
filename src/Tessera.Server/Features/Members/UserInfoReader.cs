using Microsoft.EntityFrameworkCore;
using Tessera.Domain.Members;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Features.Members;

/// <summary>Builds <see cref="UserInfo"/> for a user: its related rows and its purchase statistics.</summary>
public sealed class UserInfoReader(TesseraDbContext db, Campaigns.LoyaltyService loyalty, TimeProvider clock)
{
    public async Task<UserInfo> ReadAsync(User user, CancellationToken cancellationToken) =>
        await ReadAsync(user, await loyalty.StatusAsync(user, cancellationToken), cancellationToken);

    /// <summary>With the loyalty status already worked out by the caller.</summary>
    public async Task<UserInfo> ReadAsync(User user, LoyaltyStatus? loyaltyStatus, CancellationToken cancellationToken)
    {
        var relations = await RelationsAsync(user, cancellationToken);
        var statistics = PurchaseStatistics.From(await PurchasesAsync(user, cancellationToken), clock.GetUtcNow().UtcDateTime);
        return UserInfo.From(user, relations, statistics, loyaltyStatus);
    }

    private async Task<MemberRelations> RelationsAsync(User user, CancellationToken cancellationToken)
    {
        if (user.ReferringUserId is null && user.SignupStoreId is null && user.HomeStoreId is null)
        {
            return MemberRelations.None;
        }
        var referrer = user.ReferringUserId is { } referrerId
            ? await db.Users.AsNoTracking().Where(u => u.Id == referrerId).Select(u => new ReferringUser(u.Id, u.ReferralCode)).FirstOrDefaultAsync(cancellationToken)
            : null;
        var storeIds = new[] { user.SignupStoreId, user.HomeStoreId }.Where(id => id is not null).Select(id => id!.Value).Distinct().ToList();
        var stores = storeIds.Count == 0
            ? []
            : await db.Businesses.AsNoTracking().Where(b => storeIds.Contains(b.Id)).ToDictionaryAsync(b => b.Id, b => b.Name, cancellationToken);
        return new MemberRelations(
            referrer,
            user.SignupStoreId is { } signup && stores.TryGetValue(signup, out var signupName) ? new SignupStore(signup, signupName) : null,
            user.HomeStoreId is { } home && stores.TryGetValue(home, out var homeName) ? new HomeStore(home, homeName) : null);
    }

    /// <summary>The member's confirmed baskets with purchases (pure return baskets are not purchases).</summary>
    private async Task<IReadOnlyCollection<PurchaseRecord>> PurchasesAsync(User user, CancellationToken cancellationToken)
    {
        var userId = user.Id;
        var rows = await db.Baskets.AsNoTracking().Where(b => b.UserId == userId && b.PurchaseItemCount > 0)
            .Select(b => new { b.PurchasedAt, b.TotalCents, b.PlatformType, b.BusinessId }).ToListAsync(cancellationToken);
        return rows.Select(b => new PurchaseRecord(b.PurchasedAt, Domain.Ledger.Cents.ToDecimal(b.TotalCents), b.PlatformType == "online", b.BusinessId)).ToList();
    }
}
