using System.Data.Common;
using System.Globalization;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Features.Vouchers;

/// <summary>
/// Vouchers read with plain SQL on the context's connection (and transaction, if any), for the hot paths that
/// read a few per request (baskets, the card): no query translation, no expression trees, no tracking.
/// </summary>
public static class VoucherRows
{
    /// <summary>The columns <see cref="Read"/> expects, in order (unqualified: one table in the FROM).</summary>
    public const string Columns = """
        id, "key", chain_id, user_id, campaign_id, "type", status, amount_original_cents, amount_redeemed_cents, discount_ratio_milli,
        currency_id, title, "text", description, notes, image_url, honour_code, creating_user_id, created_at, expires_at, locked_until,
        locking_code, retailer_basket_code_exclusive, parent_voucher_id, redeeming_basket_id, redeemed_at, wallet_campaign_id, version, product_code,
        campaign_reward_id, deleted_at
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
    };

    /// <summary>Claimed, undeleted, unexpired vouchers of a chain (<c>$1</c>) at a time (<c>$3</c>), by id.</summary>
    private const string Claimed = "chain_id = $1 AND deleted_at IS NULL AND status = 'claimed' AND (expires_at IS NULL OR expires_at > $3) ORDER BY id";

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
        // One parameter per key and id (SQLite has no arrays), so that PostgreSQL knows how many there are and keeps one
        // plan per count: with "= ANY" of an array parameter it assumed ten and planned again on every call.
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

    private static string Positional(List<object?> values, object value)
    {
        values.Add(value);
        return "$" + values.Count.ToString(CultureInfo.InvariantCulture);
    }
}
