using System.Text;
using Tessera.Server.Data.Sql;
using Tessera.Server.Features.Events;

namespace Tessera.Server.Features.Receipts;

/// <summary>
/// add-basket's receipt statements, in its batch after the ledger postings: the member's balances directly after the
/// basket onto the basket's row, then the receipt webhook's event whose body is the receipt object with those
/// balances put in by the database (the JSON is sent in pieces around them, see <see cref="ReceiptFormat.Slot"/>).
/// </summary>
public static class ReceiptSql
{
    private const string Balances = """
        UPDATE baskets SET wallet_balance_cents = (SELECT balance_cents FROM member_wallets WHERE user_id = $1 AND campaign_id = $2),
            points_balance_cents = (SELECT balance_cents FROM member_wallets WHERE user_id = $1 AND campaign_id = $3)
        WHERE id = $4
        """;

    public static void AddBalances(SqlBatch batch, long basketId, int userId, int? walletId, int? pointsId) =>
        batch.Add(Balances, userId, walletId, pointsId, basketId);

    /// <summary>The event row of <paramref name="json"/>, its slots filled from the basket's stored balances.</summary>
    public static void AddEvent(SqlBatch batch, long basketId, int chainId, string json, DateTime now)
    {
        var pieces = json.Split(ReceiptFormat.Slot);
        var values = new List<object?> { chainId, EventTypes.ReceiptCreated, now, basketId, pieces[0] };
        var payload = new StringBuilder("$5");
        foreach (var piece in pieces.Skip(1))
        {
            var column = piece[0] == ReceiptFormat.WalletSlot ? "wallet_balance_cents" : "points_balance_cents";
            values.Add(piece[1..]);
            payload.Append(" || ").Append(Money(batch.IsPostgres, column)).Append(" || $").Append(values.Count);
        }
        batch.Add($"INSERT INTO outbox_events (chain_id, type, payload, created_at, attempts) SELECT $1, $2, {payload}, $3, 0 FROM baskets WHERE id = $4", [.. values]);
    }

    /// <summary>Hundredths as the text of <see cref="Tessera.Domain.Ledger.Cents.Format"/> ("16.40", "-0.05", "0.00"), on either engine.</summary>
    private static string Money(bool postgres, string column) => postgres
        ? $"round(coalesce({column}, 0)::numeric / 100, 2)::text"
        : $"(CASE WHEN coalesce({column}, 0) < 0 THEN '-' ELSE '' END || (abs(coalesce({column}, 0)) / 100) || '.' || printf('%02d', abs(coalesce({column}, 0)) % 100))";
}
