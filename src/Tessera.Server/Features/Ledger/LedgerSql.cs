using Tessera.Server.Data.Entities;
using Tessera.Server.Data.Sql;

namespace Tessera.Server.Features.Ledger;

/// <summary>
/// The ledger's hand-written statements (upserts EF Core cannot express, and entries sent with their balance in one
/// round trip), added to a <see cref="SqlBatch"/> in the caller's transaction. See docs/adr/0007-a-balance-changes-only-with-its-ledger-entry-under-a-row-lock.md.
/// </summary>
public static class LedgerSql
{
    private const string EnsureWallet = """
        INSERT INTO member_wallets (user_id, campaign_id, balance_cents, updated_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING
        """;

    private const string Credit = """
        INSERT INTO member_wallets (user_id, campaign_id, balance_cents, updated_at) VALUES ($1, $2, $3, $4)
        ON CONFLICT (user_id, campaign_id) DO UPDATE SET balance_cents = member_wallets.balance_cents + excluded.balance_cents, updated_at = excluded.updated_at
        """;

    private const string Entry = """
        INSERT INTO ledger_entries (chain_id, user_id, wallet_campaign_id, amount_cents, kind, contributing_campaign_id, basket_id, receipt_id,
            retailer_basket_code, log_message, mutation_owner_id, owner_is_super_user, created_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
        RETURNING id
        """;

    private const string EntryWithId = """
        INSERT INTO ledger_entries (id, chain_id, user_id, wallet_campaign_id, amount_cents, kind, contributing_campaign_id, basket_id, receipt_id,
            retailer_basket_code, log_message, mutation_owner_id, owner_is_super_user, created_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
        """;

    /// <summary>The member's wallet row with a zero balance, unless it exists; the caller locks it next.</summary>
    public static SqlBatch AddEnsureWallet(SqlBatch batch, int userId, int walletId, DateTime now) =>
        batch.Add(EnsureWallet, userId, walletId, 0L, now);

    /// <summary>Creates the wallet row or adds <see cref="LedgerEntry.AmountCents"/> to it, taking its row lock.</summary>
    public static void AddCredit(SqlBatch batch, LedgerEntry entry, DateTime now) =>
        batch.Add(Credit, entry.UserId, entry.WalletCampaignId, entry.AmountCents, now);

    /// <summary>The entry, its id set from the database when the batch is read.</summary>
    public static void AddEntry(SqlBatch batch, LedgerEntry entry, DateTime now) =>
        batch.Query(Entry, r => entry.Id = r.GetInt64(0), entry.ChainId, entry.UserId, entry.WalletCampaignId, entry.AmountCents, entry.Kind,
            entry.ContributingCampaignId, entry.BasketId, entry.ReceiptId, entry.RetailerBasketCode, entry.LogMessage, entry.MutationOwnerId,
            entry.OwnerIsSuperUser, now);

    /// <summary>The entry with the id reserved for it beforehand (<see cref="RowIds"/>).</summary>
    public static void AddEntryWithId(SqlBatch batch, LedgerEntry entry, DateTime now) =>
        batch.Add(EntryWithId, entry.Id, entry.ChainId, entry.UserId, entry.WalletCampaignId, entry.AmountCents, entry.Kind, entry.ContributingCampaignId,
            entry.BasketId, entry.ReceiptId, entry.RetailerBasketCode, entry.LogMessage, entry.MutationOwnerId, entry.OwnerIsSuperUser, now);
}
