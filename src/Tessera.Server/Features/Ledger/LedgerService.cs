using Microsoft.EntityFrameworkCore;
using Tessera.Domain.Ledger;
using Tessera.Server.Data.Sql;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;
using Tessera.Server.Features.Campaigns;
using Tessera.Server.Features.Events;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Ledger;

/// <summary>
/// Posts ledger entries and keeps each wallet's balance equal to the sum of its entries. Every posting
/// first takes the wallet row's lock (an UPDATE: the row lock on PostgreSQL, the write lock on SQLite),
/// then checks the balance, then writes balance and entry, all in the caller's transaction; so
/// concurrent debits are applied one after the other and none takes the balance below zero. A credit
/// (never refused) does lock, create-or-add in one INSERT … ON CONFLICT DO UPDATE, sent with the entry.
/// </summary>
public sealed class LedgerService(TesseraDbContext db, EventWriter events, TimeProvider clock)
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
            // A credit can never be refused: one statement creates or locks the row and adds to it, sent with the entry.
            return await AddEntryAsync(posting, now, credit: true, cancellationToken);
        }
        await LedgerSql.AddEnsureWallet(new SqlBatch(db), userId, walletId, now).ExecuteAsync(cancellationToken);
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
        return await AddEntryAsync(posting, now, credit: false, cancellationToken);
    }

    /// <summary>
    /// Writes the entry (after the credit of the balance when <paramref name="credit"/>: both statements in one round
    /// trip), without the change tracker, then its points-mutation event; anything the caller left pending on the
    /// context is saved with the event, so a posting still leaves the context saved.
    /// </summary>
    private async Task<LedgerEntry> AddEntryAsync(Posting posting, DateTime now, bool credit, CancellationToken cancellationToken)
    {
        var entry = Entry(posting, now);
        var batch = new SqlBatch(db);
        if (credit)
        {
            LedgerSql.AddCredit(batch, entry, now);
        }
        LedgerSql.AddEntry(batch, entry, now);
        await batch.ReadAsync(cancellationToken);
        await events.PointsMutationAsync(entry, posting, cancellationToken);
        if (db.ChangeTracker.HasChanges())
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        return entry;
    }

    /// <summary>
    /// Adds to <paramref name="batch"/> (sent in the caller's transaction) a posting that can never be refused, a
    /// credit or a debit that may take the balance below zero, with the entry id <paramref name="entryId"/> reserved
    /// beforehand: the balance is created or changed in one INSERT … ON CONFLICT DO UPDATE (which takes the wallet
    /// row's lock) and the entry follows. The same rule as <see cref="PostAsync"/>: no balance changes without its entry.
    /// </summary>
    public static LedgerEntry AddUnrefusable(SqlBatch batch, Posting posting, long entryId, DateTime now)
    {
        if (posting.AmountCents < 0 && !posting.AllowNegativeBalance)
        {
            throw new InvalidOperationException("A debit that the wallet may refuse is posted with PostAsync, which checks the balance first.");
        }
        var entry = Entry(posting, now);
        entry.Id = entryId;
        LedgerSql.AddCredit(batch, entry, now);
        LedgerSql.AddEntryWithId(batch, entry, now);
        return entry;
    }

    private static LedgerEntry Entry(Posting posting, DateTime now) => new()
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

    public Task<long> BalanceAsync(int userId, int walletCampaignId, CancellationToken cancellationToken) =>
        db.MemberWallets.Where(w => w.UserId == userId && w.CampaignId == walletCampaignId).Select(w => w.BalanceCents).FirstOrDefaultAsync(cancellationToken);
}
