using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
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
        UserId = NullableInt(reader, 3),
        CampaignId = NullableInt(reader, 4),
        Type = reader.GetString(5),
        Status = reader.GetString(6),
        AmountOriginalCents = NullableLong(reader, 7),
        AmountRedeemedCents = reader.GetInt64(8),
        DiscountRatioMilli = NullableInt(reader, 9),
        CurrencyId = NullableInt(reader, 10),
        Title = Text(reader, 11),
        Text = Text(reader, 12),
        Description = Text(reader, 13),
        Notes = Text(reader, 14),
        ImageUrl = Text(reader, 15),
        HonourCode = Text(reader, 16),
        CreatingUserId = NullableInt(reader, 17),
        CreatedAt = Utc(reader, 18)!.Value,
        ExpiresAt = Utc(reader, 19),
        LockedUntil = Utc(reader, 20),
        LockingCode = Text(reader, 21),
        RetailerBasketCodeExclusive = Text(reader, 22),
        ParentVoucherId = NullableLong(reader, 23),
        RedeemingBasketId = NullableLong(reader, 24),
        RedeemedAt = Utc(reader, 25),
        WalletCampaignId = NullableInt(reader, 26),
        Version = reader.GetInt32(27),
        ProductCode = Text(reader, 28),
        CampaignRewardId = NullableLong(reader, 29),
        DeletedAt = Utc(reader, 30),
    };

    /// <summary>The member's claimed, undeleted, unexpired vouchers of a chain, by id.</summary>
    public static Task<List<Voucher>> ClaimedAsync(TesseraDbContext db, int chainId, int userId, DateTime now, CancellationToken cancellationToken) =>
        QueryAsync(db, "user_id = @u AND chain_id = @c AND deleted_at IS NULL AND status = 'claimed' AND (expires_at IS NULL OR expires_at > @now) ORDER BY id",
            [("@u", userId), ("@c", chainId), ("@now", now)], cancellationToken);

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
            WHERE user_id = (SELECT id FROM users WHERE chain_id = $1 AND NOT is_admin AND {member.Where} LIMIT 1)
                AND chain_id = $1 AND deleted_at IS NULL AND status = 'claimed' AND (expires_at IS NULL OR expires_at > $3)
            ORDER BY id
            """, r => into.Add(Read(r)), chainId, member.Value, now);
    }

    private static string Positional(List<object?> values, object value)
    {
        values.Add(value);
        return "$" + values.Count.ToString(CultureInfo.InvariantCulture);
    }

    private static async Task<List<Voucher>> QueryAsync(TesseraDbContext db, string where, IReadOnlyList<(string Name, object Value)> parameters, CancellationToken cancellationToken)
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
            command.CommandText = $"SELECT {Columns} FROM vouchers WHERE {where}";
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            foreach (var (name, value) in parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value;
                command.Parameters.Add(parameter);
            }
            var vouchers = new List<Voucher>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                vouchers.Add(Read(reader));
            }
            return vouchers;
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }

    private static int? NullableInt(DbDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetInt32(i);

    private static long? NullableLong(DbDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetInt64(i);

    private static string? Text(DbDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    private static DateTime? Utc(DbDataReader reader, int i) =>
        reader.IsDBNull(i) ? null : DateTime.SpecifyKind(reader.GetDateTime(i), DateTimeKind.Utc);
}
