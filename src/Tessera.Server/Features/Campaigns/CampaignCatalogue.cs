using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Tessera.Server.Data;

namespace Tessera.Server.Features.Campaigns;

/// <summary>
/// The card (get-card, get-user-vouchers) and the loyalty programme see a chain's active campaigns and
/// levels through this cache, kept <see cref="MaxAge"/> at most. A campaign written on this server drops
/// its chain's entry at once; other servers see the change within <see cref="MaxAge"/>. Event campaigns
/// (signup, login, interaction…) read the database when they reward.
/// </summary>
public sealed class CampaignCatalogue(TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<int, ChainCampaigns> _chains = new();

    public async Task<ChainCampaigns> GetAsync(TesseraDbContext db, int chainId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (_chains.TryGetValue(chainId, out var cached) && now - cached.ReadAt < MaxAge && cached.ReadAt <= now)
        {
            return cached;
        }
        var chain = await db.Chains.AsNoTracking().SingleAsync(c => c.Id == chainId, cancellationToken);
        var active = await db.Campaigns.AsNoTracking().Where(c => c.ChainId == chainId && c.Active).OrderBy(c => c.Id).ToListAsync(cancellationToken);
        var levels = await db.LoyaltyLevels.AsNoTracking().Where(l => l.ChainId == chainId).OrderBy(l => l.Position).ToListAsync(cancellationToken);
        var fresh = new ChainCampaigns(chain, active, levels, now);
        _chains[chainId] = fresh;
        return fresh;
    }

    public void Invalidate(int chainId) => _chains.TryRemove(chainId, out _);
}
