using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Tessera.Server.Data;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Data;

/// <summary>
/// Migrations 0011 and 0013 on a database of version 10: a basket- or product-campaign voucher's locking code is copied
/// into basket_locking_code (so that the next price under that code still replaces it), the empty code when it had
/// none; vouchers the price did not make (other campaigns', children of a basket discount) get none, and every lock
/// stays as it was.
/// </summary>
public sealed class VoucherBasketLockingCodeMigrationTests
{
    [Theory, AllEngines]
    public async Task Upgrading_marks_the_basket_and_product_campaign_vouchers_the_price_made_with_their_locking_code_and_keeps_every_lock(string engine)
    {
        var database = TestDatabase.Create(engine);
        var at = engine == Engines.Postgres ? "'2026-01-01 10:00:00+00'" : "'2026-01-01 10:00:00'";
        await using (var db = database.NewContext())
        {
            await new DatabaseMigrator(db, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(upToVersion: 10);
            // ExecuteSqlRaw reads its text as a format string: the campaigns' empty JSON object is written {{}}.
            foreach (var sql in new[]
            {
                $"INSERT INTO chains (id, name, currency_id, created_at) VALUES (1, 'Old chain', 2, {at})",
                $$$"""
                INSERT INTO campaigns (id, chain_id, "type", title, active, currency_id, config, created_at, updated_at)
                VALUES (1, 1, 'basket', '10 off', TRUE, NULL, '{{}}', {{{at}}}, {{{at}}}), (2, 1, 'product', 'Shirts', TRUE, NULL, '{{}}', {{{at}}}, {{{at}}}),
                       (3, 1, 'loyalty', 'Gift', TRUE, NULL, '{{}}', {{{at}}}, {{{at}}})
                """,
                $"""
                INSERT INTO vouchers (id, "key", chain_id, campaign_id, "type", status, amount_redeemed_cents, created_at, locked_until, locking_code, version, parent_voucher_id)
                VALUES (1, 'k1', 1, 1, 'basket', 'claimed', 0, {at}, {at}, 'till-7', 1, NULL),
                       (2, 'k2', 1, 2, 'var_price', 'claimed', 0, {at}, NULL, 'till-8', 0, NULL),
                       (3, 'k3', 1, 1, 'basket', 'claimed', 0, {at}, NULL, NULL, 0, NULL),
                       (4, 'k4', 1, 3, 'basket', 'claimed', 0, {at}, {at}, 'till-7', 1, NULL),
                       (5, 'k5', 1, NULL, 'basket', 'claimed', 0, {at}, {at}, 'till-7', 1, NULL),
                       (6, 'k6', 1, 1, 'basket', 'claimed', 0, {at}, {at}, 'till-7', 1, 1),
                       (7, 'k7', 1, 1, 'basket', 'claimed', 0, {at}, NULL, NULL, 0, 3)
                """,
            })
            {
                await db.Database.ExecuteSqlRawAsync(sql);
            }
        }

        await using (var db = database.NewContext())
        {
            await new DatabaseMigrator(db, NullLogger<DatabaseMigrator>.Instance).MigrateAsync();
            var vouchers = await db.Vouchers.AsNoTracking().OrderBy(v => v.Id).Select(v => new { v.Id, v.BasketLockingCode, v.LockingCode, Locked = v.LockedUntil != null }).ToListAsync();

            Assert.Equal(
                [
                    (1L, "till-7", "till-7", true), (2L, "till-8", "till-8", false), (3L, "", null, false), (4L, null, "till-7", true), (5L, null, "till-7", true),
                    (6L, null, "till-7", true), (7L, null, null, false),
                ],
                vouchers.Select(v => (v.Id, v.BasketLockingCode, v.LockingCode, v.Locked)).ToList());
        }
    }
}
