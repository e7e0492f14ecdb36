using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;
using Tessera.Server.Data.Sql;
using Tessera.Server.Features.Campaigns;
using Tessera.Server.Features.Ledger;
using Tessera.Server.Features.Members;

namespace Tessera.Server.Features.Events;

/// <summary>
/// Writes the spec's events to the outbox on the caller's DbContext, in the caller's transaction: it reads what the
/// bodies show (the member with its loyalty status, campaigns, vouchers, baskets) as that transaction sees them, so
/// after the change, and <see cref="EventBodies"/> builds them. Every producer goes through here.
/// </summary>
public sealed class EventWriter(TesseraDbContext db, IServiceProvider services, TimeProvider clock)
{
    // The basket being stored: its row is written last, in its batch, after postings that name it.
    private Basket? _storing;

    // Vouchers whose rows the basket's batch changes later (redeemed), as they will be.
    private readonly Dictionary<long, Voucher> _ahead = [];

    // Resolved when first needed: the loyalty service posts to the ledger, whose postings write events here.
    private LoyaltyService Loyalty => services.GetRequiredService<LoyaltyService>();

    /// <summary>The basket whose row is written at the end of this transaction, for the events of postings before it.</summary>
    public void Storing(Basket basket) => _storing = basket;

    /// <summary>A voucher whose row is changed at the end of this transaction (a basket redeems it), as it will be.</summary>
    public void Ahead(Voucher voucher) => _ahead[voucher.Id] = voucher;

    /// <summary>The member's row, level and balances, as this transaction sees them.</summary>
    public async Task<EventMember> MemberAsync(int userId, User? known, CancellationToken cancellationToken)
    {
        var user = known ?? await db.Users.AsNoTracking().SingleAsync(u => u.Id == userId, cancellationToken);
        if (!await Loyalty.HasProgrammeAsync(user.ChainId, cancellationToken))
        {
            // No programme, no loyalty status: nothing more to read.
            return new EventMember(user, null, null, []);
        }
        var held = await (from m in db.MemberLoyaltyLevels.AsNoTracking()
                          join l in db.LoyaltyLevels.AsNoTracking() on m.LoyaltyLevelId equals l.Id
                          where m.UserId == userId
                          select new { Assignment = m, Level = l }).FirstOrDefaultAsync(cancellationToken);
        var balances = held is null
            ? []
            : await db.MemberWallets.AsNoTracking().Where(w => w.UserId == userId).ToDictionaryAsync(w => w.CampaignId, w => w.BalanceCents, cancellationToken);
        return new EventMember(user, held?.Assignment, held?.Level, balances);
    }

    /// <summary>The <c>user</c> object of the member (its loyalty status from <see cref="EventMember.Balances"/>).</summary>
    public async Task<JsonObject> UserAsync(EventMember member, CancellationToken cancellationToken) =>
        EventBodies.User(member.User, await StatusAsync(member, cancellationToken));

    private async Task<LoyaltyStatus?> StatusAsync(EventMember member, CancellationToken cancellationToken) =>
        member.Assignment is { } assignment && member.Level is { } level
            ? await Loyalty.StatusAsync(member.User, assignment, level, member.Balances, cancellationToken)
            : null;

    /// <summary>A user event (<c>shopper.created</c>, <c>shopper.opted-in</c>, <c>shopper.deleted</c>): the flat shopper object.</summary>
    public async Task ShopperAsync(User member, string type, CancellationToken cancellationToken)
    {
        var state = await MemberAsync(member.Id, member, cancellationToken);
        Outbox.Add(db, member.ChainId, type, EventBodies.Shopper(member, await StatusAsync(state, cancellationToken)), Now);
    }

    /// <summary>
    /// shopper.loyalty-level-changed, after the new level is saved: the change is recorded (its id is the body's) and the
    /// member shown with the new level.
    /// </summary>
    public async Task LevelChangedAsync(User member, int? previousLevelId, int levelId, string logMessage, int? mutationOwnerId, CancellationToken cancellationToken)
    {
        var now = Now;
        var ids = previousLevelId is { } p ? new[] { levelId, p } : [levelId];
        var levels = await db.LoyaltyLevels.AsNoTracking().Where(l => ids.Contains(l.Id)).ToDictionaryAsync(l => l.Id, cancellationToken);
        var level = levels[levelId];
        long changeId = 0;
        await EventSql.AddLevelChange(new SqlBatch(db), id => changeId = id, member.ChainId, member.Id, level.CampaignId, levelId, previousLevelId,
            logMessage, mutationOwnerId, now).ReadAsync(cancellationToken);
        var user = await UserAsync(await MemberAsync(member.Id, member, cancellationToken), cancellationToken);
        var previous = previousLevelId is { } from ? levels.GetValueOrDefault(from) : null;
        Outbox.Add(db, member.ChainId, EventTypes.ShopperLoyaltyLevelChanged,
            EventBodies.LoyaltyLevelChanged(changeId, now, logMessage, mutationOwnerId, level, previous, user), now);
    }

    /// <summary>shopper.voucher-issued for a voucher just written (nothing for a voucher of nobody).</summary>
    public async Task VoucherIssuedAsync(Voucher voucher, CancellationToken cancellationToken)
    {
        if (voucher.UserId is not { } userId)
        {
            return;
        }
        var campaign = voucher.CampaignId is { } campaignId ? await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == campaignId, cancellationToken) : null;
        var user = await UserAsync(await MemberAsync(userId, null, cancellationToken), cancellationToken);
        Outbox.Add(db, voucher.ChainId, EventTypes.ShopperVoucherIssued, EventBodies.VoucherIssued(voucher, campaign, user, Now), voucher.CreatedAt);
    }

    /// <summary>shopper.points-mutation for a ledger entry just written by <see cref="LedgerService"/>.</summary>
    public async Task PointsMutationAsync(LedgerEntry entry, Posting posting, CancellationToken cancellationToken)
    {
        var contributing = posting.ContributingCampaignId is { } contributingId && contributingId != posting.Wallet.Id
            ? await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == contributingId, cancellationToken)
            : null;
        var basket = posting.BasketId is not { } basketId ? null
            : _storing is { } storing && storing.Id == basketId ? EventBodies.Basket(storing)
            : await db.Baskets.AsNoTracking().Where(b => b.Id == basketId).Select(b => new Basket
            {
                Id = b.Id, CreatedAt = b.CreatedAt, RetailerBasketCode = b.RetailerBasketCode, TotalCents = b.TotalCents,
                PlatformType = "", TimezoneName = "", PaymentsJson = "", TaxesJson = "", Response = "",
            }).FirstOrDefaultAsync(cancellationToken) is { } stored ? EventBodies.Basket(stored) : null;
        var voucher = posting.VoucherId is { } voucherId ? await MutationVoucherAsync(voucherId, cancellationToken) : null;
        var owner = posting.MutationOwnerId is { } ownerId ? await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == ownerId, cancellationToken) : null;
        var user = await UserAsync(await MemberAsync(entry.UserId, null, cancellationToken), cancellationToken);
        var currencyId = posting.Wallet.CurrencyId ?? await db.Chains.Where(c => c.Id == entry.ChainId).Select(c => (int?)c.CurrencyId).FirstOrDefaultAsync(cancellationToken);
        Outbox.Add(db, entry.ChainId, EventTypes.ShopperPointsMutation, EventBodies.PointsMutation(
            entry,
            currencyId,
            EventBodies.Campaign(posting.Wallet, contributing, posting.ContributingCampaignId),
            basket,
            voucher,
            null,
            owner is null ? null : Owner(owner),
            user), entry.CreatedAt);
    }

    /// <summary>
    /// shopper.points-mutation for a LevelUp progress adjustment (progress of an item-, visit- or spend-based campaign
    /// added or taken by hand): the amount in the campaign's unit (spend in money, visits and items as counts), type
    /// <c>progressAdjustment</c>, its row as <c>user_purchase_progress</c>. What the progress then pays into a wallet
    /// is a ledger entry with its own event.
    /// </summary>
    public async Task ProgressAdjustedAsync(ProgressAdjustment adjustment, Campaign campaign, string unit, CancellationToken cancellationToken)
    {
        var entry = new LedgerEntry
        {
            Id = adjustment.Id,
            ChainId = adjustment.ChainId,
            UserId = adjustment.UserId,
            WalletCampaignId = campaign.Id,
            AmountCents = unit == "spend" ? adjustment.Adjustment : adjustment.Adjustment * 100,
            Kind = ProgressAdjustment,
            LogMessage = adjustment.AuditComment,
            MutationOwnerId = adjustment.AdminUserId,
            CreatedAt = adjustment.CreatedAt,
        };
        var owner = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == adjustment.AdminUserId, cancellationToken);
        var user = await UserAsync(await MemberAsync(adjustment.UserId, null, cancellationToken), cancellationToken);
        Outbox.Add(db, adjustment.ChainId, EventTypes.ShopperPointsMutation, EventBodies.PointsMutation(
            entry, campaign.CurrencyId, EventBodies.Campaign(campaign, null, null), null, null, null, owner is null ? null : Owner(owner), user), adjustment.CreatedAt);
    }

    /// <summary>The <c>type</c> of a progress adjustment's points-mutation event.</summary>
    public const string ProgressAdjustment = "progressAdjustment";

    /// <summary>The admin who made a manual mutation, as the points sample's <c>creating_user</c>.</summary>
    public static JsonObject Owner(User admin) => new() { ["full_name"] = EventBodies.FullName(admin), ["user_id"] = admin.Id };

    private async Task<JsonObject?> MutationVoucherAsync(long voucherId, CancellationToken cancellationToken)
    {
        var voucher = _ahead.GetValueOrDefault(voucherId) ?? await db.Vouchers.AsNoTracking().FirstOrDefaultAsync(v => v.Id == voucherId, cancellationToken);
        if (voucher is null)
        {
            return null;
        }
        var creator = voucher.CreatingUserId is { } creatorId ? await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == creatorId, cancellationToken) : null;
        return EventBodies.MutationVoucher(voucher, creator, Now);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
