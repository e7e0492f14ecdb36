using Microsoft.EntityFrameworkCore;
using Tessera.Domain.Ledger;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;
using Tessera.Server.Features.Campaigns;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Ledger;

/// <summary>
/// One mutation of a member's wallet, before it is posted. <see cref="AllowNegativeBalance"/> lets a debit take the
/// balance below zero whatever the wallet says: a return reclaims a credit that may already have been spent.
/// </summary>
public sealed record Posting(
    int UserId,
    Campaign Wallet,
    long AmountCents,
    string Kind,
    int? ContributingCampaignId = null,
    string? LogMessage = null,
    int? MutationOwnerId = null,
    bool OwnerIsSuperUser = false,
    long? BasketId = null,
    long? ReceiptId = null,
    string? RetailerBasketCode = null,
    bool AllowNegativeBalance = false);

/// <summary>
/// Posts ledger entries and keeps each wallet's balance equal to the sum of its entries. Every posting
/// first takes the wallet row's lock (an UPDATE: the row lock on PostgreSQL, the write lock on SQLite),
/// then checks the balance, then writes balance and entry, all in the caller's transaction; so
/// concurrent debits are applied one after the other and none takes the balance below zero. A credit
/// (never refused) does lock, create-or-add in one INSERT … ON CONFLICT DO UPDATE.
/// </summary>
public sealed class LedgerService(TesseraDbContext db, TimeProvider clock)
{
    /// <param name="dailyManualCheck">Given the manual additions already made today by limited admins, a failure to refuse with.</param>
    public async Task<Outcome<LedgerEntry>> PostAsync(Posting posting, Func<long, ApiFailure?>? dailyManualCheck, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Ledger postings run inside the caller's transaction.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var userId = posting.UserId;
        var walletId = posting.Wallet.Id;
        if (dailyManualCheck is null && posting.AmountCents >= 0)
        {
            // A credit can never be refused: one statement creates or locks the row and adds to it.
            var credit = posting.AmountCents;
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO member_wallets (user_id, campaign_id, balance_cents, updated_at) VALUES ({userId}, {walletId}, {credit}, {now})
                ON CONFLICT (user_id, campaign_id) DO UPDATE SET balance_cents = member_wallets.balance_cents + excluded.balance_cents, updated_at = excluded.updated_at
                """, cancellationToken);
            return await AddEntryAsync(posting, now, cancellationToken);
        }
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO member_wallets (user_id, campaign_id, balance_cents, updated_at) VALUES ({userId}, {walletId}, {0L}, {now}) ON CONFLICT DO NOTHING",
            cancellationToken);
        var wallet = db.MemberWallets.Where(w => w.UserId == userId && w.CampaignId == walletId);
        await wallet.ExecuteUpdateAsync(s => s.SetProperty(w => w.UpdatedAt, now), cancellationToken);
        var balance = await wallet.Select(w => w.BalanceCents).SingleAsync(cancellationToken);

        if (dailyManualCheck is not null)
        {
            var midnight = now.Date;
            var today = await db.LedgerEntries
                .Where(e => e.UserId == userId && e.WalletCampaignId == walletId && e.Kind == LedgerKinds.Manual && e.AmountCents > 0
                    && e.MutationOwnerId != null && !e.OwnerIsSuperUser && e.CreatedAt >= midnight)
                .SumAsync(e => (long?)e.AmountCents, cancellationToken) ?? 0;
            if (dailyManualCheck(today) is { } refused)
            {
                return refused;
            }
        }
        var settings = WalletSettings.From(CampaignService.Config(posting.Wallet));
        if (!LedgerRules.MayApply(balance, posting.AmountCents, settings.BalanceCanSubzero || posting.AllowNegativeBalance))
        {
            return ErrorCodes.InsufficientBalance;
        }
        var amount = posting.AmountCents;
        await wallet.ExecuteUpdateAsync(s => s.SetProperty(w => w.BalanceCents, w => w.BalanceCents + amount), cancellationToken);
        return await AddEntryAsync(posting, now, cancellationToken);
    }

    private async Task<LedgerEntry> AddEntryAsync(Posting posting, DateTime now, CancellationToken cancellationToken)
    {
        var entry = new LedgerEntry
        {
            ChainId = posting.Wallet.ChainId,
            UserId = posting.UserId,
            WalletCampaignId = posting.Wallet.Id,
            AmountCents = posting.AmountCents,
            Kind = posting.Kind,
            ContributingCampaignId = posting.ContributingCampaignId,
            LogMessage = posting.LogMessage,
            MutationOwnerId = posting.MutationOwnerId,
            OwnerIsSuperUser = posting.OwnerIsSuperUser,
            BasketId = posting.BasketId,
            ReceiptId = posting.ReceiptId,
            RetailerBasketCode = posting.RetailerBasketCode,
            CreatedAt = now,
        };
        db.LedgerEntries.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
        return entry;
    }

    public Task<long> BalanceAsync(int userId, int walletCampaignId, CancellationToken cancellationToken) =>
        db.MemberWallets.Where(w => w.UserId == userId && w.CampaignId == walletCampaignId).Select(w => w.BalanceCents).FirstOrDefaultAsync(cancellationToken);
}
