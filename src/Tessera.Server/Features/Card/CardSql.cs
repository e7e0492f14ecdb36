using Tessera.Server.Data;
using Tessera.Server.Data.Entities;
using Tessera.Server.Data.Sql;
using Tessera.Server.Features.Vouchers;

namespace Tessera.Server.Features.Card;

/// <summary>
/// The card's rows in one <see cref="SqlBatch"/> (one round trip on PostgreSQL): balances, progress, contributions,
/// vouchers and their creators, the level held, notes.
/// </summary>
public static class CardSql
{
    private const string Balances = "SELECT campaign_id, balance_cents FROM member_wallets WHERE user_id = $1";

    private const string Progress = "SELECT campaign_id, progress FROM campaign_progress WHERE user_id = $1";

    private const string Contributed = """
        SELECT contributing_campaign_id, SUM(amount_cents) FROM ledger_entries WHERE user_id = $1 AND contributing_campaign_id IS NOT NULL GROUP BY contributing_campaign_id
        """;

    private const string Vouchers = $"""
        SELECT {VoucherSql.Columns}
          FROM vouchers WHERE user_id = $1 AND deleted_at IS NULL AND ($2 = 1 OR (status <> 'redeemed' AND (expires_at IS NULL OR expires_at > $3))) ORDER BY id
        """;

    private const string Creators = """
        SELECT u.id, u.first_name, u.last_name FROM users u WHERE u.id IN (SELECT creating_user_id FROM vouchers WHERE user_id = $1 AND creating_user_id IS NOT NULL)
        """;

    private const string Level = """
        SELECT m.loyalty_level_id, m.date_reached, m.last_review_date, m.next_review_date, l.campaign_id, l.name, l.description, l.chain_id, l.position
          FROM member_loyalty_levels m JOIN loyalty_levels l ON l.id = m.loyalty_level_id WHERE m.user_id = $1
        """;

    private const string Notes = """
        SELECT n.id, n."text", n.created_at, n.creating_user_id, a.first_name, a.last_name, a.username
          FROM user_notes n LEFT JOIN users a ON a.id = n.creating_user_id WHERE n.user_id = $1 ORDER BY n.id
        """;

    public static async Task<CardRows> ReadAsync(TesseraDbContext db, int userId, bool all, DateTime now, CancellationToken cancellationToken)
    {
        var balances = new Dictionary<int, long>();
        var progress = new Dictionary<int, long>();
        var contributed = new Dictionary<int, long>();
        var vouchers = new List<Voucher>();
        var creators = new Dictionary<int, string>();
        (MemberLoyaltyLevel, LoyaltyLevel)? held = null;
        var notes = new List<CardNote>();
        await new SqlBatch(db)
            .Query(Balances, r => balances[r.GetInt32(0)] = r.GetInt64(1), userId)
            .Query(Progress, r => progress[r.GetInt32(0)] = r.GetInt64(1), userId)
            .Query(Contributed, r => contributed[r.GetInt32(0)] = r.GetInt64(1), userId)
            .Query(Vouchers, r => vouchers.Add(VoucherSql.Read(r)), userId, all ? 1 : 0, now)
            .Query(Creators, r => creators[r.GetInt32(0)] = string.Join(' ', new[] { r.TextOrNull(1), r.TextOrNull(2) }.Where(n => !string.IsNullOrEmpty(n))), userId)
            .Query(Level, r =>
            {
                if (held is not null)
                {
                    return;
                }
                var levelId = r.GetInt32(0);
                held = (
                    new MemberLoyaltyLevel { UserId = userId, LoyaltyLevelId = levelId, DateReached = r.Utc(1), LastReviewDate = r.UtcOrNull(2), NextReviewDate = r.UtcOrNull(3) },
                    new LoyaltyLevel { Id = levelId, CampaignId = r.GetInt32(4), Name = r.GetString(5), Description = r.TextOrNull(6), ChainId = r.GetInt32(7), Position = r.GetInt32(8) });
            }, userId)
            .Query(Notes, r => notes.Add(new CardNote(r.GetInt32(0), r.GetString(1), r.Utc(2), r.Int32OrNull(3), r.TextOrNull(4), r.TextOrNull(5), r.TextOrNull(6))), userId)
            .ReadAsync(cancellationToken);
        return new CardRows(balances, progress, contributed, vouchers, creators, held, notes);
    }
}
