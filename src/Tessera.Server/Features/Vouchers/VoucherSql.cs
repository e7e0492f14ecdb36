using System.Data.Common;
using System.Globalization;
using Tessera.Server.Data.Sql;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Features.Vouchers;

/// <summary>
/// Vouchers read with plain SQL on the context's connection (and transaction, if any), for the hot paths that
/// read a few per request (baskets, the card): no query translation, no expression trees, no tracking.
/// </summary>
public static class VoucherSql
{
    /// <summary>The columns <see cref="Read"/> expects, in order (unqualified: one table in the FROM).</summary>
    public const string Columns = """
        id, "key", chain_id, user_id, campaign_id, "type", status, amount_original_cents, amount_redeemed_cents, discount_ratio_milli,
        currency_id, title, "text", description, notes, image_url, honour_code, creating_user_id, created_at, expires_at, locked_until,
        locking_code, retailer_basket_code_exclusive, parent_voucher_id, redeeming_basket_id, redeemed_at, wallet_campaign_id, version, product_code,
        campaign_reward_id, deleted_at, basket_locking_code
        """;

    public static Voucher Read(DbDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        Key = reader.GetString(1),
        ChainId = reader.GetInt32(2),
        UserId = reader.Int32OrNull(3),
        CampaignId = reader.Int32OrNull(4),
        Type = reader.GetString(5),
        Status = reader.GetString(6),
        AmountOriginalCents = reader.Int64OrNull(7),
        AmountRedeemedCents = reader.GetInt64(8),
        DiscountRatioMilli = reader.Int32OrNull(9),
        CurrencyId = reader.Int32OrNull(10),
        Title = reader.TextOrNull(11),
        Text = reader.TextOrNull(12),
        Description = reader.TextOrNull(13),
        Notes = reader.TextOrNull(14),
        ImageUrl = reader.TextOrNull(15),
        HonourCode = reader.TextOrNull(16),
        CreatingUserId = reader.Int32OrNull(17),
        CreatedAt = reader.Utc(18),
        ExpiresAt = reader.UtcOrNull(19),
        LockedUntil = reader.UtcOrNull(20),
        LockingCode = reader.TextOrNull(21),
        RetailerBasketCodeExclusive = reader.TextOrNull(22),
        ParentVoucherId = reader.Int64OrNull(23),
        RedeemingBasketId = reader.Int64OrNull(24),
        RedeemedAt = reader.UtcOrNull(25),
        WalletCampaignId = reader.Int32OrNull(26),
        Version = reader.GetInt32(27),
        ProductCode = reader.TextOrNull(28),
        CampaignRewardId = reader.Int64OrNull(29),
        DeletedAt = reader.UtcOrNull(30),
        BasketLockingCode = reader.TextOrNull(31),
    };

    /// <summary>Claimed, undeleted, unexpired vouchers of a chain (<c>$1</c>) at a time (<c>$3</c>).</summary>
    private const string ClaimedWhere = "chain_id = $1 AND deleted_at IS NULL AND status = 'claimed' AND (expires_at IS NULL OR expires_at > $3)";

    /// <summary><see cref="ClaimedWhere"/>, by id.</summary>
    private const string Claimed = ClaimedWhere + " ORDER BY id";

    /// <summary>The member's claimed, undeleted, unexpired vouchers of a chain, by id.</summary>
    public static async Task<List<Voucher>> ClaimedAsync(TesseraDbContext db, int chainId, int userId, DateTime now, CancellationToken cancellationToken)
    {
        var vouchers = new List<Voucher>();
        await new SqlBatch(db).Query($"SELECT {Columns} FROM vouchers WHERE user_id = $2 AND {Claimed}", r => vouchers.Add(Read(r)), chainId, userId, now)
            .ReadAsync(cancellationToken);
        return vouchers;
    }

    /// <summary>
    /// Adds to <paramref name="batch"/> the read of a chain's undeleted vouchers with one of these keys (as stored) or
    /// ids (rows for <see cref="Read"/>); nothing when there are none.
    /// </summary>
    public static void AddNamed(SqlBatch batch, int chainId, IReadOnlyList<string> keys, IReadOnlyList<long> ids, List<Voucher> into)
    {
        if (keys.Count + ids.Count == 0)
        {
            return;
        }
        // One parameter per key and id (SQLite has no arrays), one plan per count: see docs/adr/0013-one-plan-per-statement-on-postgresql.md.
        var values = new List<object?> { chainId };
        var named = new List<string>();
        if (keys.Count > 0)
        {
            named.Add($"\"key\" IN ({string.Join(", ", keys.Select(k => Positional(values, k)))})");
        }
        if (ids.Count > 0)
        {
            named.Add($"id IN ({string.Join(", ", ids.Select(id => Positional(values, id)))})");
        }
        batch.Query($"SELECT {Columns} FROM vouchers WHERE chain_id = $1 AND deleted_at IS NULL AND ({string.Join(" OR ", named)}) ORDER BY id", r => into.Add(Read(r)), [.. values]);
    }

    /// <summary>
    /// Adds the read of the claimed, undeleted, unexpired vouchers of a chain's member found by <paramref name="member"/>
    /// (a condition on <c>users</c> with <c>$1</c> the chain and <c>$2</c> its value), by id: in the same round trip as
    /// the member's own row.
    /// </summary>
    public static void AddClaimedOfMember(SqlBatch batch, int chainId, (string Where, object Value) member, DateTime now, List<Voucher> into)
    {
        batch.Query($"""
            SELECT {Columns} FROM vouchers
            WHERE user_id = (SELECT id FROM users WHERE chain_id = $1 AND NOT is_admin AND {member.Where} LIMIT 1) AND {Claimed}
            """, r => into.Add(Read(r)), chainId, member.Value, now);
    }

    /// <summary>
    /// Adds to <paramref name="batch"/>, as one statement (PostgreSQL), what <see cref="AddClaimedOfMember"/> reads and
    /// get-basket-price's lock ahead of the member's vouchers it may apply (the conditions of
    /// <see cref="Domain.Vouchers.Redemption.MayUseLock"/> and <see cref="Domain.Vouchers.Redemption.PriceMayApply"/>),
    /// each locked with <paramref name="lockWith"/>. The claimed vouchers come back as they were before the lock into
    /// <paramref name="claimed"/>; every row locked, with its new version and its old lock, into <paramref name="locked"/>.
    /// Rows are locked (<c>FOR UPDATE</c>) before their conditions are judged; each sets <c>synchronous_commit</c> off for
    /// the batch. See docs/adr/0016-get-basket-price-locks-ahead-in-its-read-round-trip.md and docs/adr/0017-voucher-locks-commit-without-waiting-for-the-disk.md.
    /// </summary>
    public static void AddClaimedLockingAhead(SqlBatch batch, int chainId, (string Where, object Value) member, DateTime now, int currencyId,
        string? basketLockingCode, string retailerBasketCode, VoucherLock lockWith, List<Voucher> claimed, List<LockedAhead> locked)
    {
        batch.Query($"""
            WITH m AS (SELECT id FROM users WHERE chain_id = $1 AND NOT is_admin AND {member.Where} LIMIT 1),
            c AS (SELECT {Columns} FROM vouchers WHERE user_id = (SELECT id FROM m) AND {Claimed}),
            l AS (UPDATE vouchers v SET locked_until = $4, locking_code = $5, retailer_basket_code_exclusive = $6, version = v.version + 1
                  FROM (SELECT id, locked_until, locking_code, retailer_basket_code_exclusive, set_config('synchronous_commit', 'off', true) FROM vouchers
                        WHERE user_id = (SELECT id FROM m) AND {ClaimedWhere}
                          AND ("type" = '{VoucherService.Honour}' OR ("type" IN ('{VoucherService.Basket}', '{VoucherService.BasketPct}') AND (currency_id IS NULL OR currency_id = $7)))
                          AND (basket_locking_code IS NULL OR basket_locking_code = COALESCE($8, ''))
                          AND (locked_until IS NULL OR locked_until <= $3
                               OR CASE WHEN COALESCE(locking_code, '') <> '' THEN locking_code = $8
                                       WHEN COALESCE(retailer_basket_code_exclusive, '') <> '' THEN retailer_basket_code_exclusive = $9
                                       ELSE true END)
                        ORDER BY id FOR UPDATE) o
                  WHERE v.id = o.id
                  RETURNING v.id, v.version, o.locked_until, o.locking_code, o.retailer_basket_code_exclusive)
            SELECT c.*, l.* FROM c FULL JOIN l ON l.id = c.id ORDER BY COALESCE(c.id, l.id)
            """, r =>
            {
                if (!r.IsDBNull(0))
                {
                    claimed.Add(Read(r));
                }
                if (!r.IsDBNull(LockColumn))
                {
                    locked.Add(new LockedAhead(r.GetInt64(LockColumn), r.GetInt32(LockColumn + 1), r.UtcOrNull(LockColumn + 2), r.TextOrNull(LockColumn + 3),
                        r.TextOrNull(LockColumn + 4)));
                }
            },
            chainId, member.Value, now, lockWith.Until, lockWith.LockingCode, lockWith.ExclusiveCode, currencyId, basketLockingCode, retailerBasketCode);
    }

    /// <summary>The first column of the lock's part of a <see cref="AddClaimedLockingAhead"/> row: after the voucher's 32.</summary>
    private const int LockColumn = 32;

    private const string Lock = """
        UPDATE vouchers SET locked_until = $1, locking_code = $2, retailer_basket_code_exclusive = $3, version = $4
        WHERE id = $5 AND version = $6 AND status = 'claimed' AND deleted_at IS NULL
        """;

    /// <summary>get-basket-price's lock of a voucher it applied, conditional on the version read (changes no row when it changed).</summary>
    public static void AddLock(SqlBatch batch, Voucher v, DateTime until, string? lockingCode, string? exclusiveCode) =>
        batch.Add(Lock, until, lockingCode, exclusiveCode, v.Version + 1, v.Id, v.Version);

    /// <summary>Puts back the lock each voucher had before <see cref="AddClaimedLockingAhead"/> took it, unless it changed since.</summary>
    public static void AddPutBack(SqlBatch batch, IEnumerable<LockedAhead> locked)
    {
        foreach (var l in locked)
        {
            batch.Add("""
                UPDATE vouchers SET locked_until = $1, locking_code = $2, retailer_basket_code_exclusive = $3, version = $4
                WHERE id = $5 AND version = $6
                """, l.OldUntil, l.OldLockingCode, l.OldExclusiveCode, l.Version + 1, l.Id, l.Version);
        }
    }

    private static string Positional(List<object?> values, object value)
    {
        values.Add(value);
        return "$" + values.Count.ToString(CultureInfo.InvariantCulture);
    }
}
