using System.Data.Common;
using System.Globalization;
using System.Text;
using Tessera.Domain.Pricing;
using Tessera.Server.Data;
using Tessera.Server.Data.Sql;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Features.Baskets;

/// <summary>
/// The baskets' hand-written statements (docs/adr/0008-add-basket-writes-in-one-batch-ending-with-commit.md).
/// The rows of a stored basket as statements of one <see cref="SqlBatch"/>, with ids reserved beforehand
/// (<see cref="RowIds"/>): the basket with its stored answer and lines, its events (PostgreSQL: one INSERT from
/// unnest arrays, docs/adr/0013-one-plan-per-statement-on-postgresql.md), its supplementary codes. The basket INSERT
/// has no ON CONFLICT: a replay fails it (<see cref="IsDuplicateBasket"/>), see docs/adr/0009-replays-are-found-by-the-unique-basket-code.md.
/// </summary>
public static class BasketSql
{
    private const string InsertBasket = """
        INSERT INTO baskets (id, chain_id, business_id, user_id, retailer_basket_code, platform_type, currency_id, total_cents, items_subtotal_cents,
            adjusted_total_cents, shipping_cents, country_code, purchased_at, timestamp_iso_8601, timezone_name, voucher_locking_code, employee_code,
            employee_name, member_programme, notes, payments_json, taxes_json, purchase_item_count, return_item_count, response, created_at, lines)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27)
        """;

    /// <summary>The basket row with its stored answer and its lines, both as UTF-8 JSON (<see cref="BasketView.ToUtf8"/>).</summary>
    public static void AddBasket(SqlBatch batch, Basket b, byte[] response, byte[] lines) => batch.Add(InsertBasket,
        b.Id, b.ChainId, b.BusinessId, b.UserId, b.RetailerBasketCode, b.PlatformType, b.CurrencyId, b.TotalCents, b.ItemsSubtotalCents,
        b.AdjustedTotalCents, b.ShippingCents, b.CountryCode, b.PurchasedAt, b.TimestampIso8601, b.TimezoneName, b.VoucherLockingCode, b.EmployeeCode,
        b.EmployeeName, b.MemberProgramme, b.Notes, b.PaymentsJson, b.TaxesJson, b.PurchaseItemCount, b.ReturnItemCount, new Utf8Text(response), b.CreatedAt,
        new Utf8Text(lines));

    private const string EventsFromArrays = """
        INSERT INTO outbox_events (chain_id, type, payload, created_at, attempts)
        SELECT * FROM unnest($1::integer[], $2::text[], $3::text[], $4::timestamptz[], $5::integer[])
        """;

    public static void AddEvents(SqlBatch batch, IReadOnlyList<OutboxEvent> events)
    {
        if (events.Count == 0)
        {
            return;
        }
        if (batch.IsPostgres)
        {
            batch.Add(EventsFromArrays, Column(events, e => e.ChainId), Column(events, e => e.Type), Column(events, e => e.Payload),
                Column(events, e => e.CreatedAt), Column(events, e => e.Attempts));
            return;
        }
        foreach (var chunk in events.Chunk(1000))
        {
            var values = new List<object?>(chunk.Length * 5);
            foreach (var e in chunk)
            {
                values.AddRange([e.ChainId, e.Type, e.Payload, e.CreatedAt, e.Attempts]);
            }
            batch.Add($"INSERT INTO outbox_events (chain_id, type, payload, created_at, attempts) VALUES {Rows(chunk.Length, 5)}", [.. values]);
        }
    }

    /// <summary>The basket's supplementary codes (each once), by which returns may name it.</summary>
    public static void AddCodes(SqlBatch batch, int chainId, long basketId, IReadOnlyList<string> codes)
    {
        if (codes.Count == 0)
        {
            return;
        }
        var distinct = codes.Distinct(StringComparer.Ordinal).ToArray();
        if (batch.IsPostgres)
        {
            batch.Add("INSERT INTO basket_codes (chain_id, code, basket_id) SELECT $1, code, $3 FROM unnest($2::text[]) AS c(code)", chainId, distinct, basketId);
            return;
        }
        foreach (var code in distinct)
        {
            batch.Add("INSERT INTO basket_codes (chain_id, code, basket_id) VALUES ($1, $2, $3)", chainId, code, basketId);
        }
    }

    private const string Claim = """
        UPDATE vouchers SET status = 'redeemed', amount_redeemed_cents = amount_redeemed_cents + $1, redeeming_basket_id = $2, redeemed_at = $3, version = $4
        WHERE id = $5 AND version = $6 AND status = 'claimed' AND deleted_at IS NULL
        """;

    /// <summary>
    /// PostgreSQL: the claim, failing with division by zero (22012) when it changed no row, because the batch may end
    /// with its COMMIT: a lost claim has to stop the batch there, not only report that it changed nothing.
    /// </summary>
    private const string ClaimOrFail = $"""
        WITH claimed AS ({Claim} RETURNING 1)
        SELECT 1 / count(*) FROM claimed
        """;

    /// <summary>
    /// Adds the claims of every voucher the basket redeems to <paramref name="batch"/> (first, so that a lost one
    /// wastes nothing after it): an UPDATE conditional on the version read and on the voucher still being claimed,
    /// so a voucher named by racing baskets goes to one of them only. The claimed vouchers, in statement order.
    /// </summary>
    public static List<BasketVoucher> AddClaims(SqlBatch batch, PricedBasket priced, DateTime now)
    {
        var claims = priced.Vouchers.Concat(priced.Honour).Concat(priced.Lines.SelectMany(l => l.ItemVouchers)).Where(a => a.Claimed).ToList();
        foreach (var applied in claims)
        {
            batch.Add(batch.IsPostgres ? ClaimOrFail : Claim, applied.ClaimedCents, priced.Stored!.Id, now, applied.ReadVersion + 1, applied.Voucher.Id, applied.ReadVersion);
        }
        return claims;
    }

    /// <summary>The answer stored for a basket code, for a replay (ADR 0009).</summary>
    public static SqlBatch AddStoredAnswer(SqlBatch batch, int chainId, string code, Action<DbDataReader> row) =>
        batch.Query("SELECT response FROM baskets WHERE chain_id = $1 AND retailer_basket_code = $2", row, chainId, code);

    private const string TakeReturned = """
        INSERT INTO basket_line_returns (line_id, basket_id, returned_quantity) SELECT $1, $2, $3 WHERE $3 <= $4
        ON CONFLICT (line_id) DO UPDATE SET returned_quantity = basket_line_returns.returned_quantity + excluded.returned_quantity
        WHERE basket_line_returns.returned_quantity + excluded.returned_quantity <= $4
        RETURNING returned_quantity
        """;

    /// <summary>
    /// Returns <paramref name="quantity"/> units of a line in one upsert, conditional on never passing the line's
    /// <paramref name="lineQuantity"/>: the first return inserts its count, later ones raise it; too few units left
    /// change nothing and return no row. The row, when there is one, is the line's returned units now, in whole
    /// thousandths: quantities are added and compared as integers, exact on both engines (ADR 0025).
    /// </summary>
    public static SqlBatch AddTakeReturned(SqlBatch batch, long lineId, long basketId, decimal quantity, decimal lineQuantity, Action<DbDataReader> row) =>
        batch.Query(TakeReturned, row, lineId, basketId, Quantities.ToThousandths(quantity), Quantities.ToThousandths(lineQuantity));

    private const string InsertProduct = """
        INSERT INTO products (chain_id, owner_code, name, description, price_cents, cost_price_cents, brand, season, category, web_url, image_url, promotional, created_at, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
        ON CONFLICT DO NOTHING
        """;

    /// <summary>The product a line names, unless it exists (spec: creating products from basket items).</summary>
    public static SqlBatch AddProduct(SqlBatch batch, int chainId, ItemInput input, DateTime now)
    {
        var meta = input.Metadata;
        return batch.Add(InsertProduct, chainId, input.RetailerProductCode, meta.Name, meta.Description, input.PriceCents, meta.CostPriceCents, meta.Brand,
            meta.Season, meta.Category, meta.WebUrl, meta.ImageUrl, input.Promotional, now, now);
    }

    private const string InsertVariant = """
        INSERT INTO product_variants (chain_id, product_id, barcode, colour, size, price_cents, cost_price_cents, image_url, web_url, created_at, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
        ON CONFLICT DO NOTHING
        """;

    /// <summary>The variant a line names, unless it exists (spec: creating product variants from basket items).</summary>
    public static SqlBatch AddVariant(SqlBatch batch, int chainId, int? productId, ItemInput input, DateTime now)
    {
        var meta = input.Metadata;
        return batch.Add(InsertVariant, chainId, productId, input.Barcode, meta.Colour, meta.Size, input.PriceCents, meta.CostPriceCents, meta.ImageUrl,
            meta.WebUrl, now, now);
    }

    /// <summary>Whether <paramref name="exception"/> is the unique violation of (chain, retailer basket code).</summary>
    public static bool IsDuplicateBasket(Exception exception) => exception switch
    {
        Npgsql.PostgresException pg => pg.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation && pg.ConstraintName == "IX_baskets_chain_id_retailer_basket_code",
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.Message.Contains("baskets.chain_id, baskets.retailer_basket_code", StringComparison.Ordinal),
        _ => exception.InnerException is { } inner && IsDuplicateBasket(inner),
    };

    private static T[] Column<TRow, T>(IReadOnlyList<TRow> rows, Func<TRow, T> value)
    {
        var column = new T[rows.Count];
        for (var i = 0; i < column.Length; i++)
        {
            column[i] = value(rows[i]);
        }
        return column;
    }

    /// <summary><c>($1, …, $w), ($w+1, …)</c> for <paramref name="rows"/> rows of <paramref name="width"/> values.</summary>
    private static string Rows(int rows, int width)
    {
        var sql = new StringBuilder(rows * width * 5);
        for (var r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < width; c++)
            {
                sql.Append(c == 0 ? "$" : ", $").Append((r * width + c + 1).ToString(CultureInfo.InvariantCulture));
            }
            sql.Append(')');
        }
        return sql.ToString();
    }
}
