using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Tessera.Server.Data.Sql;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;
using Tessera.Server.Features.Vouchers;

namespace Tessera.Server.Features.Card;

/// <summary>
/// One multi-statement command (both engines run several SELECTs in one command and hand back one result
/// set each): balances, progress, contributions, vouchers and their creators, the level held, notes.
/// </summary>
public static class CardRowsReader
{
    private const string Sql = $"""
        SELECT campaign_id, balance_cents FROM member_wallets WHERE user_id = @u;
        SELECT campaign_id, progress FROM campaign_progress WHERE user_id = @u;
        SELECT contributing_campaign_id, SUM(amount_cents) FROM ledger_entries WHERE user_id = @u AND contributing_campaign_id IS NOT NULL GROUP BY contributing_campaign_id;
        SELECT {VoucherRows.Columns}
          FROM vouchers WHERE user_id = @u AND deleted_at IS NULL AND (@all = 1 OR (status <> 'redeemed' AND (expires_at IS NULL OR expires_at > @now))) ORDER BY id;
        SELECT u.id, u.first_name, u.last_name FROM users u WHERE u.id IN (SELECT creating_user_id FROM vouchers WHERE user_id = @u AND creating_user_id IS NOT NULL);
        SELECT m.loyalty_level_id, m.date_reached, m.last_review_date, m.next_review_date, l.campaign_id, l.name, l.description, l.chain_id, l.position
          FROM member_loyalty_levels m JOIN loyalty_levels l ON l.id = m.loyalty_level_id WHERE m.user_id = @u;
        SELECT n.id, n."text", n.created_at, n.creating_user_id, a.first_name, a.last_name, a.username
          FROM user_notes n LEFT JOIN users a ON a.id = n.creating_user_id WHERE n.user_id = @u ORDER BY n.id;
        """;

    public static async Task<CardRows> ReadAsync(TesseraDbContext db, int userId, bool all, DateTime now, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(cancellationToken);
        }
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Sql;
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            Add(command, "@u", userId);
            Add(command, "@all", all ? 1 : 0);
            Add(command, "@now", now);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var balances = await PairsAsync(reader, cancellationToken);
            await reader.NextResultAsync(cancellationToken);
            var progress = await PairsAsync(reader, cancellationToken);
            await reader.NextResultAsync(cancellationToken);
            var contributed = await PairsAsync(reader, cancellationToken);
            await reader.NextResultAsync(cancellationToken);
            var vouchers = new List<Voucher>();
            while (await reader.ReadAsync(cancellationToken))
            {
                vouchers.Add(VoucherRows.Read(reader));
            }
            await reader.NextResultAsync(cancellationToken);
            var creators = new Dictionary<int, string>();
            while (await reader.ReadAsync(cancellationToken))
            {
                creators[reader.GetInt32(0)] = string.Join(' ', new[] { reader.TextOrNull(1), reader.TextOrNull(2) }.Where(n => !string.IsNullOrEmpty(n)));
            }
            await reader.NextResultAsync(cancellationToken);
            (MemberLoyaltyLevel, LoyaltyLevel)? held = null;
            if (await reader.ReadAsync(cancellationToken))
            {
                var levelId = reader.GetInt32(0);
                held = (
                    new MemberLoyaltyLevel { UserId = userId, LoyaltyLevelId = levelId, DateReached = reader.Utc(1), LastReviewDate = reader.UtcOrNull(2), NextReviewDate = reader.UtcOrNull(3) },
                    new LoyaltyLevel { Id = levelId, CampaignId = reader.GetInt32(4), Name = reader.GetString(5), Description = reader.TextOrNull(6), ChainId = reader.GetInt32(7), Position = reader.GetInt32(8) });
            }
            await reader.NextResultAsync(cancellationToken);
            var notes = new List<CardNote>();
            while (await reader.ReadAsync(cancellationToken))
            {
                notes.Add(new CardNote(reader.GetInt32(0), reader.GetString(1), reader.Utc(2), reader.Int32OrNull(3), reader.TextOrNull(4), reader.TextOrNull(5), reader.TextOrNull(6)));
            }
            return new CardRows(balances, progress, contributed, vouchers, creators, held, notes);
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }

    private static async Task<Dictionary<int, long>> PairsAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        var pairs = new Dictionary<int, long>();
        while (await reader.ReadAsync(cancellationToken))
        {
            pairs[reader.GetInt32(0)] = reader.GetInt64(1);
        }
        return pairs;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
