using System.Buffers;
using System.Text;
using System.Text.Json;
using Tessera.Server.Data.Entities;
using Tessera.Server.Data.Sql;

namespace Tessera.Server.Features.Baskets;

/// <summary>
/// A basket's lines as they are kept in its row (<see cref="Basket.Lines"/>, migration 0010): a JSON array of one
/// object per line, in position order, with the line's own fields under their former column names (<c>id</c>,
/// <c>position</c>, <c>item_barcode</c>, …, <c>quantity</c>, <c>price_cents</c>, <c>subtotal_cents</c>, the
/// flags, <c>original_item_id</c>) and its distributions as the arrays of <see cref="LineDistributions"/>. Absent
/// (or null) fields are null. What a line shares with its basket (basket, chain, member, moment) is the basket's.
/// </summary>
public static class BasketLines
{
    /// <summary>The lines as their row keeps them, in UTF-8 (<see cref="Data.Utf8Text"/>).</summary>
    public static byte[] Write(IReadOnlyList<BasketItem> lines) => BasketView.ToUtf8(w =>
    {
        w.WriteStartArray();
        foreach (var line in lines)
        {
            w.WriteStartObject();
            w.WriteNumber("id", line.Id);
            w.WriteNumber("position", line.Position);
            Text(w, "item_barcode", line.ItemBarcode);
            Text(w, "retailer_product_code", line.RetailerProductCode);
            Text(w, "retailer_item_code", line.RetailerItemCode);
            Number(w, "product_id", line.ProductId);
            Number(w, "product_variant_id", line.ProductVariantId);
            Text(w, "product_name", line.ProductName);
            w.WriteString("item_type", line.ItemType);
            w.WriteNumber("quantity", line.Quantity);
            w.WriteNumber("price_cents", line.PriceCents);
            w.WriteNumber("subtotal_cents", line.SubtotalCents);
            w.WriteBoolean("promotional", line.Promotional);
            w.WriteBoolean("excluded", line.Excluded);
            w.WriteBoolean("is_return", line.IsReturn);
            Number(w, "original_item_id", line.OriginalItemId);
            if (line.VoucherDistribution is { } vouchers)
            {
                w.WritePropertyName("voucher_distribution");
                w.WriteRawValue(vouchers, skipInputValidation: true);
            }
            if (line.ProgressDistribution is { } progress)
            {
                w.WritePropertyName("progress_distribution");
                w.WriteRawValue(progress, skipInputValidation: true);
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
    });

    /// <summary>The lines of <paramref name="basket"/>, each with the basket's own fields; returned quantities are 0.</summary>
    public static List<BasketItem> Read(Basket basket) => Read(basket.Lines, basket.Id, basket.ChainId, basket.UserId, basket.PurchasedAt);

    public static List<BasketItem> Read(string json, long basketId, int chainId, int? userId, DateTime purchasedAt)
    {
        var lines = new List<BasketItem>();
        using var document = JsonDocument.Parse(json);
        foreach (var o in document.RootElement.EnumerateArray())
        {
            lines.Add(new BasketItem
            {
                Id = o.GetProperty("id").GetInt64(),
                BasketId = basketId,
                ChainId = chainId,
                UserId = userId,
                Position = o.GetProperty("position").GetInt32(),
                ItemBarcode = Text(o, "item_barcode"),
                RetailerProductCode = Text(o, "retailer_product_code"),
                RetailerItemCode = Text(o, "retailer_item_code"),
                ProductId = (int?)Number(o, "product_id"),
                ProductVariantId = (int?)Number(o, "product_variant_id"),
                ProductName = Text(o, "product_name"),
                ItemType = o.GetProperty("item_type").GetString()!,
                Quantity = o.GetProperty("quantity").GetDecimal(),
                PriceCents = o.GetProperty("price_cents").GetInt64(),
                SubtotalCents = o.GetProperty("subtotal_cents").GetInt64(),
                Promotional = Flag(o, "promotional"),
                Excluded = Flag(o, "excluded"),
                IsReturn = Flag(o, "is_return"),
                OriginalItemId = Number(o, "original_item_id"),
                PurchasedAt = purchasedAt,
                VoucherDistribution = Raw(o, "voucher_distribution"),
                ProgressDistribution = Raw(o, "progress_distribution"),
            });
        }
        return lines;
    }

    private static void Text(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    private static void Number(Utf8JsonWriter w, string name, long? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
    }

    private static string? Text(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static long? Number(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : null;

    private static bool Flag(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    private static string? Raw(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v.GetRawText() : null;
}
