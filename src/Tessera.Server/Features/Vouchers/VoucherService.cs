using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tessera.Domain.Campaigns;
using Tessera.Domain.Ledger;
using Tessera.Domain.Vouchers;
using Tessera.Server.Auth;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;
using Tessera.Server.Features.Campaigns;
using Tessera.Server.Features.Events;
using Tessera.Server.Features.Ledger;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Vouchers;

/// <summary>
/// Vouchers: finding one for a caller, changing its status or lock with one conditional update on its
/// version (retried on a lost race, so the loser gets the code the rules give for the new state), and
/// issuing new ones.
/// </summary>
public sealed class VoucherService(TesseraDbContext db, LedgerService ledger, EventWriter events, TimeProvider clock)
{
    public const string Basket = "basket";
    public const string BasketPct = "basket_pct";
    public const string Honour = "honour";

    /// <summary>spec voucher types: a variable price (product) voucher, an item-level discount on one product.</summary>
    public const string VarPrice = "var_price";

    /// <summary>The voucher by key (preferred) or id, if the caller may see it: its member, or its chain's admins (with <paramref name="permission"/>) and privileged client.</summary>
    public async Task<Outcome<Voucher>> FindAsync(Caller caller, string? key, long? id, Permission permission, CancellationToken cancellationToken)
    {
        var query = db.Vouchers.AsNoTracking().Where(v => v.DeletedAt == null);
        var normalizedKey = key?.ToLowerInvariant();
        var voucher = normalizedKey is { Length: > 0 }
            ? await query.FirstOrDefaultAsync(v => v.Key == normalizedKey, cancellationToken)
            : id is { } voucherId ? await query.FirstOrDefaultAsync(v => v.Id == voucherId, cancellationToken) : null;
        if (voucher is null)
        {
            return ErrorCodes.VoucherNotFound;
        }
        if (caller.IsMember)
        {
            // A member's vouchers are its own; every other voucher does not exist for it.
            return voucher.UserId == caller.User!.Id ? voucher : ErrorCodes.VoucherNotFound;
        }
        return ChainScope.OfRow(caller, voucher.ChainId, permission, ErrorCodes.VoucherNotFound) is { } refused ? refused : voucher;
    }

    public static VoucherActor Actor(Caller caller) => caller.Kind switch
    {
        CallerKind.Member => VoucherActor.Member,
        CallerKind.Privileged => VoucherActor.Privileged,
        _ => VoucherActor.Admin,
    };

    public static VoucherStatus Status(string status) => status switch
    {
        "claimed" => VoucherStatus.Claimed,
        "redeemed" => VoucherStatus.Redeemed,
        _ => VoucherStatus.Generated,
    };

    private static string Status(VoucherStatus status) => status.ToString().ToLowerInvariant();

    private static ApiError Code(VoucherRefusal refusal) => refusal switch
    {
        VoucherRefusal.AlreadyClaimed => ErrorCodes.VoucherStatusClaimed,
        VoucherRefusal.AlreadyRedeemed => ErrorCodes.VoucherStatusRedeemed,
        VoucherRefusal.Expired => ErrorCodes.VoucherExpired,
        VoucherRefusal.LockedForMember => ErrorCodes.VoucherUpdateOngoing,
        VoucherRefusal.LockedForMemberDelete => ErrorCodes.VoucherLocked,
        _ => ErrorCodes.InvalidVoucherStatus,
    };

    /// <summary>Applies one life-cycle action atomically; deleting a wallet voucher returns its value to the wallet.</summary>
    public async Task<Outcome<Voucher>> ChangeAsync(Voucher voucher, VoucherChange change, VoucherActor actor, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var state = new VoucherState(Status(voucher.Status), voucher.ExpiresAt, voucher.LockedUntil);
            var refusal = VoucherRules.Check(state, change.Action, actor, now);
            if (refusal != VoucherRefusal.None)
            {
                return Code(refusal);
            }
            var status = Status(VoucherRules.StatusAfter(state.Status, change.Action));
            var id = voucher.Id;
            var version = voucher.Version;
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var target = db.Vouchers.Where(v => v.Id == id && v.Version == version && v.DeletedAt == null);
            var updated = change.Action switch
            {
                VoucherAction.Lock => await target.ExecuteUpdateAsync(s => s
                    .SetProperty(v => v.LockedUntil, now.AddSeconds(change.LockSeconds))
                    .SetProperty(v => v.LockingCode, change.LockingCode)
                    .SetProperty(v => v.RetailerBasketCodeExclusive, change.RetailerBasketCode)
                    .SetProperty(v => v.Version, version + 1), cancellationToken),
                VoucherAction.Unlock => await target.ExecuteUpdateAsync(s => s
                    .SetProperty(v => v.LockedUntil, (DateTime?)null)
                    .SetProperty(v => v.LockingCode, (string?)null)
                    .SetProperty(v => v.RetailerBasketCodeExclusive, (string?)null)
                    .SetProperty(v => v.Version, version + 1), cancellationToken),
                VoucherAction.Expire => await target.ExecuteUpdateAsync(s => s
                    .SetProperty(v => v.ExpiresAt, now)
                    .SetProperty(v => v.Version, version + 1), cancellationToken),
                VoucherAction.Delete => await MarkDeletedAsync(voucher, now, cancellationToken) ? 1 : 0,
                _ => await target.ExecuteUpdateAsync(s => s
                    .SetProperty(v => v.Status, status)
                    .SetProperty(v => v.Version, version + 1), cancellationToken),
            };
            if (updated == 1)
            {
                if (change.Action == VoucherAction.Delete)
                {
                    await ReturnToWalletAsync(voucher, cancellationToken);
                }
                await transaction.CommitAsync(cancellationToken);
                return await db.Vouchers.AsNoTracking().SingleAsync(v => v.Id == id, cancellationToken);
            }
            await transaction.RollbackAsync(cancellationToken);
            // Lost a race: judge the request again against the voucher as it now is.
            var current = await db.Vouchers.AsNoTracking().FirstOrDefaultAsync(v => v.Id == id && v.DeletedAt == null, cancellationToken);
            if (current is null)
            {
                return ErrorCodes.VoucherNotFound;
            }
            voucher = current;
        }
        return ErrorCodes.VoucherUpdateOngoing;
    }

    /// <summary>Marks the voucher deleted if nobody changed it since it was read (its version).</summary>
    private async Task<bool> MarkDeletedAsync(Voucher voucher, DateTime now, CancellationToken cancellationToken)
    {
        var version = voucher.Version;
        return await db.Vouchers.Where(v => v.Id == voucher.Id && v.Version == version && v.DeletedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.DeletedAt, now).SetProperty(v => v.Version, version + 1), cancellationToken) == 1;
    }

    /// <summary>A wallet voucher that was never (fully) redeemed gives its remaining value back to its wallet.</summary>
    private async Task ReturnToWalletAsync(Voucher voucher, CancellationToken cancellationToken)
    {
        if (voucher.WalletCampaignId is not { } walletId || voucher.UserId is not { } userId || voucher.AmountOriginalCents is not { } original)
        {
            return;
        }
        var remaining = original - voucher.AmountRedeemedCents;
        var wallet = await db.Campaigns.AsNoTracking().FirstAsync(c => c.Id == walletId, cancellationToken);
        if (remaining > 0)
        {
            await ledger.PostAsync(new Posting(userId, wallet, remaining, LedgerKinds.VoucherRedemption, LogMessage: $"voucher {voucher.Id.ToString(CultureInfo.InvariantCulture)} deleted", VoucherId: voucher.Id), null, cancellationToken);
        }
    }

    /// <summary>A new voucher in the caller's transaction, with its shopper.voucher-issued event.</summary>
    public async Task<Voucher> IssueAsync(Voucher voucher, CancellationToken cancellationToken)
    {
        voucher.Key = Secrets.NewKey();
        db.Vouchers.Add(voucher);
        await db.SaveChangesAsync(cancellationToken);
        await events.VoucherIssuedAsync(voucher, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return voucher;
    }

    /// <summary>
    /// spec create-voucher from a wallet: the amount leaves the wallet as a voucher redemption entry
    /// (273 when the balance is short, 406 when the wallet is not redeemable). With delete_existing, the
    /// member's earlier unlocked, unredeemed vouchers of the wallet are deleted and their value returned first.
    /// </summary>
    public async Task<Outcome<Voucher>> CreateFromWalletAsync(Campaign wallet, User member, Voucher voucher, bool deleteExisting, CancellationToken cancellationToken)
    {
        var settings = WalletSettings.From(CampaignService.Config(wallet));
        if (!settings.IsRedeemable)
        {
            return ErrorCodes.WalletNotRedeemable;
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        if (deleteExisting)
        {
            var earlier = await db.Vouchers.Where(v => v.UserId == member.Id && v.WalletCampaignId == wallet.Id && v.DeletedAt == null
                && v.Status != "redeemed" && (v.LockedUntil == null || v.LockedUntil <= now)).ToListAsync(cancellationToken);
            foreach (var old in earlier)
            {
                if (await MarkDeletedAsync(old, now, cancellationToken))
                {
                    await ReturnToWalletAsync(old, cancellationToken);
                }
            }
        }
        // The voucher first, so that the debit's points-mutation event names it; a refused debit rolls both back.
        voucher.WalletCampaignId = wallet.Id;
        var issued = await IssueAsync(voucher, cancellationToken);
        var debit = await ledger.PostAsync(new Posting(member.Id, wallet, -voucher.AmountOriginalCents!.Value, LedgerKinds.VoucherRedemption, LogMessage: "voucher created",
            VoucherId: issued.Id), null, cancellationToken);
        if (debit.Failure is not null)
        {
            await transaction.RollbackAsync(cancellationToken);
            db.Entry(issued).State = EntityState.Detached;
            return ErrorCodes.VoucherAmountInvalid.With("not enough balance in the wallet");
        }
        await transaction.CommitAsync(cancellationToken);
        return issued;
    }
    /// <summary>
    /// A member buys a basket voucher of a loyalty campaign with points: the campaign's <c>createBasketVoucher</c> rule
    /// gives <c>action_amount</c> of money per <c>points_threshold</c> points (<see cref="LoyaltyRules.VoucherPurchaseRule"/>),
    /// taken from its points wallet (<c>operand_campaign_id</c> of the rule, else of the campaign). The cost, rounded up,
    /// leaves the points wallet in the voucher's transaction and never takes it below zero, whatever the wallet allows
    /// otherwise (273). No rate: 424, such vouchers are issued by admins and privileged clients only.
    /// </summary>
    public async Task<Outcome<Voucher>> CreateFromPointsAsync(Campaign loyalty, User member, Voucher voucher, CancellationToken cancellationToken)
    {
        var config = CampaignService.Config(loyalty);
        var rule = LoyaltyRules.VoucherPurchaseRule(LoyaltyService.RulesOf(config));
        var walletId = rule?.OperandCampaignId ?? LoyaltyService.PointsWalletIdOf(config);
        var wallet = rule is null || walletId is null
            ? null
            : await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == walletId && c.ChainId == loyalty.ChainId && c.Type == CampaignTypes.PointsWallet, cancellationToken);
        if (rule is null || wallet is null)
        {
            return ErrorCodes.AccessDenied.With("this loyalty campaign has no points rate (a createBasketVoucher rule with points_threshold, action_amount and a points wallet); its vouchers are issued by admins and privileged clients");
        }
        if (voucher.AmountOriginalCents is not > 0 || LoyaltyRules.VoucherPointsCost(voucher.AmountOriginalCents.Value, rule) is not { } cost)
        {
            return ErrorCodes.VoucherAmountInvalid;
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // The voucher first, so that the debit's points-mutation event names it; a refused debit rolls both back.
        var issued = await IssueAsync(voucher, cancellationToken);
        var debit = await ledger.PostAsync(new Posting(member.Id, wallet, -cost, LedgerKinds.VoucherRedemption, ContributingCampaignId: loyalty.Id,
            LogMessage: "voucher bought with points", VoucherId: issued.Id), null, cancellationToken);
        // The wallet row stays locked by the debit until commit; a balance below zero (allowed by balance_can_subzero
        // for other postings) never pays for a voucher.
        if (debit.Failure is not null || await ledger.BalanceAsync(member.Id, wallet.Id, cancellationToken) < 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            db.Entry(issued).State = EntityState.Detached;
            return ErrorCodes.VoucherAmountInvalid.With("not enough points in the points wallet");
        }
        await transaction.CommitAsync(cancellationToken);
        return issued;
    }
}
