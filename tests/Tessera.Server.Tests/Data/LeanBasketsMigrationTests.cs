using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Tessera.Server.Data.Sql;
using Tessera.Server.Data;
using Tessera.Server.Features.Baskets;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Data;

/// <summary>
/// Migrations 0008 and 0010 on a database with baskets of version 7: nothing lost, distributions moved into their
/// lines (0008), the lines into their basket's row with their returned units and ids kept (0010).
/// </summary>
public sealed class LeanBasketsMigrationTests
{
    [Theory, AllEngines]
    public async Task Upgrading_moves_each_lines_distributions_into_the_line_and_the_lines_into_their_basket_and_keeps_codes_returns_and_ids(string engine)
    {
        var database = TestDatabase.Create(engine);
        var at = engine == Engines.Postgres ? "'2026-01-01 10:00:00+00'" : "'2026-01-01 10:00:00'";
        await using (var db = database.NewContext())
        {
            await new DatabaseMigrator(db, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(upToVersion: 7);
            // Rows as a version 7 server wrote them: one basket, two lines, distributions, a supplementary code, a return.
            foreach (var sql in new[]
            {
                $"INSERT INTO chains (id, name, currency_id, created_at) VALUES (1, 'Old chain', 2, {at})",
                $"""
                INSERT INTO baskets (id, chain_id, business_id, user_id, retailer_basket_code, platform_type, currency_id, total_cents, items_subtotal_cents,
                    adjusted_total_cents, shipping_cents, country_code, purchased_at, timestamp_iso_8601, timezone_name, voucher_locking_code, employee_code,
                    employee_name, member_programme, notes, payments_json, taxes_json, purchase_item_count, return_item_count, response, created_at)
                VALUES (7, 1, NULL, NULL, 'B-7', 'in_store', 2, 3000, 3000, 3000, 0, 'NL', {at}, NULL, 'UTC', NULL, NULL, NULL, NULL, NULL, '[]', '[]',
                    2, 0, 'stored answer of B-7', {at})
                """,
                $"""
                INSERT INTO basket_items (id, basket_id, chain_id, user_id, position, item_barcode, retailer_product_code, retailer_item_code, product_id,
                    product_variant_id, product_name, item_type, quantity, price_cents, subtotal_cents, promotional, excluded, is_return, original_item_id,
                    returned_quantity, purchased_at)
                VALUES (70, 7, 1, NULL, 0, 'A', NULL, 'line_0', NULL, NULL, NULL, 'product', 2, 1000, 2000, FALSE, FALSE, FALSE, NULL, 1, {at}),
                       (71, 7, 1, NULL, 1, 'B', 'P-1', 'line_1', 3, NULL, 'Shirt', 'product', 1, 1000, 1000, TRUE, FALSE, FALSE, NULL, 0, {at})
                """,
                "INSERT INTO basket_voucher_distributions (basket_id, basket_item_id, voucher_id, amount_cents) VALUES (7, 70, 501, 300), (7, 70, 502, 200), (7, 71, 501, 150)",
                "INSERT INTO basket_progress_distributions (basket_id, basket_item_id, user_id, wallet_campaign_id, contributing_campaign_id, amount_cents) VALUES (7, 70, 9, 11, 12, 150), (7, 70, 9, 13, NULL, 5)",
                "INSERT INTO basket_codes (chain_id, code, basket_id) VALUES (1, 'SUP-7', 7)",
                $"INSERT INTO return_transactions (chain_id, original_basket_id, returning_basket_id, return_owner_code, note, response, created_at) VALUES (1, 7, NULL, 'R-1', NULL, NULL, {at})",
            })
            {
                await db.Database.ExecuteSqlRawAsync(sql);
            }
        }

        await using (var db = database.NewContext())
        {
            await new DatabaseMigrator(db, NullLogger<DatabaseMigrator>.Instance).MigrateAsync();
        }

        await using var check = database.NewContext();
        var basket = await check.Baskets.AsNoTracking().SingleAsync(b => b.Id == 7);
        var lines = BasketLines.Read(basket);
        Assert.Equal([70L, 71L], lines.Select(l => l.Id));
        Assert.Equal([(0, "A", (string?)null, "line_0", (int?)null, (string?)null, 2, 1000L, 2000L, false), (1, "B", "P-1", "line_1", 3, "Shirt", 1, 1000L, 1000L, true)],
            lines.Select(l => (l.Position, l.ItemBarcode, l.RetailerProductCode, l.RetailerItemCode, l.ProductId, l.ProductName, l.Quantity, l.PriceCents, l.SubtotalCents, l.Promotional)));
        Assert.All(lines, l => Assert.Equal(("product", false, false, (long?)null, 7L, 1), (l.ItemType, l.Excluded, l.IsReturn, l.OriginalItemId, l.BasketId, l.ChainId)));
        Assert.Equal([new VoucherPart(501, 300), new VoucherPart(502, 200)], LineDistributions.ReadVouchers(lines[0].VoucherDistribution));
        Assert.Equal([new VoucherPart(501, 150)], LineDistributions.ReadVouchers(lines[1].VoucherDistribution));
        Assert.Equal([new EarnedPart(11, 12, 150), new EarnedPart(13, null, 5)], LineDistributions.ReadEarnings(lines[0].ProgressDistribution));
        Assert.Null(lines[1].ProgressDistribution);
        Assert.Equal("stored answer of B-7", await check.Baskets.Where(b => b.Id == 7).Select(b => b.Response).SingleAsync());
        Assert.Equal(1, await check.BasketCodes.CountAsync(c => c.BasketId == 7));
        Assert.Equal(1, await check.ReturnTransactions.CountAsync(t => t.OriginalBasketId == 7));
        // The returned unit of line 70 is counted; line 71 had none.
        Assert.Equal([(70L, 7L, 1)], (await check.BasketLineReturns.AsNoTracking().ToListAsync()).Select(r => (r.LineId, r.BasketId, r.ReturnedQuantity)));

        // New lines get ids after the old ones.
        await using var transaction = await check.Database.BeginTransactionAsync();
        Assert.True(await new RowIds(check).NextAsync(RowIds.Lines, 1, CancellationToken.None) > 71);
    }

    [Theory, AllEngines]
    public async Task Ids_reserved_for_rows_are_never_given_to_rows_inserted_after_with_the_default(string engine)
    {
        var database = TestDatabase.Create(engine);
        await using var db = database.NewContext();
        await new DatabaseMigrator(db, NullLogger<DatabaseMigrator>.Instance).MigrateAsync();
        await db.Database.ExecuteSqlRawAsync(engine == Engines.Postgres
            ? "INSERT INTO chains (name, currency_id, created_at) VALUES ('Chain', 2, now())"
            : "INSERT INTO chains (name, currency_id, created_at) VALUES ('Chain', 2, '2026-01-01 00:00:00')");

        await using var transaction = await db.Database.BeginTransactionAsync();
        var ids = new RowIds(db);
        var reserved = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            reserved.Add(await ids.NextAsync("ledger_entries", 3, CancellationToken.None));
        }
        // A row inserted meanwhile with the column's default (as EF Core inserts) gets an id outside the block.
        var defaulted = await db.Database.SqlQueryRaw<long>(engine == Engines.Postgres
            ? "INSERT INTO ledger_entries (chain_id, user_id, wallet_campaign_id, amount_cents, kind, owner_is_super_user, created_at) VALUES (1, 1, 1, 1, 'manual', FALSE, now()) RETURNING id AS \"Value\""
            : "INSERT INTO ledger_entries (chain_id, user_id, wallet_campaign_id, amount_cents, kind, owner_is_super_user, created_at) VALUES (1, 1, 1, 1, 'manual', 0, '2026-01-01 00:00:00') RETURNING id AS \"Value\"")
            .ToListAsync();
        reserved.Add(await ids.NextAsync("ledger_entries", 1, CancellationToken.None));
        await transaction.CommitAsync();

        Assert.Equal(4, reserved.Distinct().Count());
        Assert.DoesNotContain(defaulted[0], reserved);
        Assert.Equal(reserved.Order(), reserved);
    }
}
