using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Features.Baskets;

/// <summary>
/// The lines of a stored basket and their distributions, written in the caller's transaction as one multi-row
/// INSERT per table rather than one tracked entity and one statement per row: a ten-line basket with one voucher
/// and one cashback campaign is three statements in two round trips instead of thirty; the distributions go with the
/// basket's events and stored answer. Both engines run the same
/// SQL (multi-row VALUES, RETURNING). Lines come back with their ids, matched by position (unique per basket),
/// since neither engine promises RETURNING rows in VALUES order.
/// </summary>
public static class BasketRows
{
    // Rows per statement: far below either engine's parameter limit (SQLite 32 766, PostgreSQL 65 535).
    private const int Chunk = 500;

    private static readonly string[] ItemColumns =
    [
        "basket_id", "chain_id", "user_id", "position", "item_barcode", "retailer_product_code", "retailer_item_code", "product_id",
        "product_variant_id", "product_name", "item_type", "quantity", "price_cents", "subtotal_cents", "promotional", "excluded",
        "is_return", "original_item_id", "returned_quantity", "purchased_at",
    ];

    private static readonly string[] VoucherDistributionColumns = ["basket_id", "basket_item_id", "voucher_id", "amount_cents"];

    private static readonly string[] ProgressDistributionColumns =
        ["basket_id", "basket_item_id", "user_id", "wallet_campaign_id", "contributing_campaign_id", "amount_cents"];

    /// <summary>Inserts <paramref name="items"/> (one basket's) and sets their <see cref="BasketItem.Id"/>.</summary>
    public static async Task InsertItemsAsync(TesseraDbContext db, IReadOnlyList<BasketItem> items, CancellationToken cancellationToken)
    {
        var byPosition = items.ToDictionary(i => i.Position);
        foreach (var chunk in items.Chunk(Chunk))
        {
            await using var command = Command(db);
            var sql = new StringBuilder();
            Append(command, sql, "basket_items", ItemColumns, chunk.Select(i => new object?[]
            {
                i.BasketId, i.ChainId, i.UserId, i.Position, i.ItemBarcode, i.RetailerProductCode, i.RetailerItemCode, i.ProductId,
                i.ProductVariantId, i.ProductName, i.ItemType, i.Quantity, i.PriceCents, i.SubtotalCents, i.Promotional, i.Excluded,
                i.IsReturn, i.OriginalItemId, i.ReturnedQuantity, i.PurchasedAt,
            }));
            command.CommandText = sql.Append(" RETURNING id, position").ToString();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                byPosition[reader.GetInt32(1)].Id = reader.GetInt64(0);
            }
        }
    }

    private static readonly string[] EventColumns = ["chain_id", "type", "payload", "created_at", "dispatched_at", "attempts"];

    /// <summary>
    /// The last writes of a stored basket, in one command (one round trip): the distributions of its lines, its
    /// events, and its adjusted total and stored answer. Anything else the request left on the change tracker
    /// (supplementary codes, returns, levels) is saved first.
    /// </summary>
    public static async Task FinishAsync(TesseraDbContext db, Basket basket, IReadOnlyList<BasketVoucherDistribution> vouchers,
        IReadOnlyList<BasketProgressDistribution> progress, IReadOnlyList<OutboxEvent> events, CancellationToken cancellationToken)
    {
        if (db.ChangeTracker.HasChanges())
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        await using var command = Command(db);
        var sql = new StringBuilder();
        foreach (var chunk in vouchers.Chunk(Chunk))
        {
            Append(command, sql, "basket_voucher_distributions", VoucherDistributionColumns,
                chunk.Select(d => new object?[] { d.BasketId, d.BasketItemId, d.VoucherId, d.AmountCents }));
        }
        foreach (var chunk in progress.Chunk(Chunk))
        {
            Append(command, sql, "basket_progress_distributions", ProgressDistributionColumns,
                chunk.Select(d => new object?[] { d.BasketId, d.BasketItemId, d.UserId, d.WalletCampaignId, d.ContributingCampaignId, d.AmountCents }));
        }
        foreach (var chunk in events.Chunk(Chunk))
        {
            Append(command, sql, "outbox_events", EventColumns, chunk.Select(e => new object?[] { e.ChainId, e.Type, e.Payload, e.CreatedAt, e.DispatchedAt, e.Attempts }));
        }
        if (sql.Length > 0)
        {
            sql.Append(";\n");
        }
        sql.Append("UPDATE baskets SET adjusted_total_cents = @adjusted, response = @response WHERE id = @basket");
        AddParameter(command, "@adjusted", basket.AdjustedTotalCents);
        AddParameter(command, "@response", basket.Response);
        AddParameter(command, "@basket", basket.Id);
        command.CommandText = sql.ToString();
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static DbCommand Command(TesseraDbContext db)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Basket rows are written inside the caller's transaction.");
        return command;
    }

    /// <summary>Appends one multi-row INSERT statement to <paramref name="sql"/>, its values as parameters of <paramref name="command"/>.</summary>
    private static void Append(DbCommand command, StringBuilder sql, string table, string[] columns, IEnumerable<object?[]> rows)
    {
        if (sql.Length > 0)
        {
            sql.Append(";\n");
        }
        sql.Append("INSERT INTO ").Append(table).Append(" (").AppendJoin(", ", columns).Append(") VALUES ");
        var first = true;
        foreach (var row in rows)
        {
            sql.Append(first ? "(" : ", (");
            first = false;
            for (var c = 0; c < row.Length; c++)
            {
                var name = "@p" + command.Parameters.Count.ToString(CultureInfo.InvariantCulture);
                sql.Append(c == 0 ? "" : ", ").Append(name);
                AddParameter(command, name, row[c]);
            }
            sql.Append(')');
        }
    }

    private static void AddParameter(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}
