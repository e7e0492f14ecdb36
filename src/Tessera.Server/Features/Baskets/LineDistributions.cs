using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Tessera.Server.Features.Baskets;

/// <summary>The part of a basket voucher redeemed on one line (spec: basket_voucher_distribution).</summary>
public readonly record struct VoucherPart(long VoucherId, long AmountCents);

/// <summary>The part of a wallet credit earned on one line (spec: purchase_progress_distribution), reclaimed on return.</summary>
public readonly record struct EarnedPart(int WalletCampaignId, int? ContributingCampaignId, long AmountCents);

/// <summary>
/// The distributions a stored line keeps with it (migration 0008; in its basket's row since 0010, see
/// <see cref="BasketLines"/>), as small JSON arrays of numbers:
/// <c>voucher_distribution</c> <c>[[voucher_id, amount_cents], ...]</c> and <c>progress_distribution</c>
/// <c>[[wallet_campaign_id, contributing_campaign_id or null, amount_cents], ...]</c>; null when there are none.
/// Both engines can read them in SQL (PostgreSQL <c>::jsonb</c>, SQLite <c>json_each</c>).
/// </summary>
public static class LineDistributions
{
    public static string? Write(IReadOnlyList<VoucherPart> parts)
    {
        if (parts.Count == 0)
        {
            return null;
        }
        var text = new StringBuilder(parts.Count * 16).Append('[');
        for (var i = 0; i < parts.Count; i++)
        {
            text.Append(i == 0 ? "[" : ",[").Append(parts[i].VoucherId.ToString(CultureInfo.InvariantCulture))
                .Append(',').Append(parts[i].AmountCents.ToString(CultureInfo.InvariantCulture)).Append(']');
        }
        return text.Append(']').ToString();
    }

    public static string? Write(IReadOnlyList<EarnedPart> parts)
    {
        if (parts.Count == 0)
        {
            return null;
        }
        var text = new StringBuilder(parts.Count * 16).Append('[');
        for (var i = 0; i < parts.Count; i++)
        {
            text.Append(i == 0 ? "[" : ",[").Append(parts[i].WalletCampaignId.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(parts[i].ContributingCampaignId is { } c ? c.ToString(CultureInfo.InvariantCulture) : "null")
                .Append(',').Append(parts[i].AmountCents.ToString(CultureInfo.InvariantCulture)).Append(']');
        }
        return text.Append(']').ToString();
    }

    public static List<VoucherPart> ReadVouchers(string? json)
    {
        var parts = new List<VoucherPart>();
        foreach (var numbers in Rows(json, 2))
        {
            parts.Add(new VoucherPart(numbers[0]!.Value, numbers[1]!.Value));
        }
        return parts;
    }

    public static List<EarnedPart> ReadEarnings(string? json)
    {
        var parts = new List<EarnedPart>();
        foreach (var numbers in Rows(json, 3))
        {
            parts.Add(new EarnedPart(checked((int)numbers[0]!.Value), numbers[1] is { } c ? checked((int)c) : null, numbers[2]!.Value));
        }
        return parts;
    }

    /// <summary>The inner arrays of <paramref name="json"/>, each exactly <paramref name="width"/> integers or nulls.</summary>
    private static List<long?[]> Rows(string? json, int width)
    {
        var rows = new List<long?[]>();
        if (string.IsNullOrEmpty(json))
        {
            return rows;
        }
        using var document = JsonDocument.Parse(json);
        foreach (var row in document.RootElement.EnumerateArray())
        {
            if (row.GetArrayLength() != width)
            {
                throw new FormatException($"A stored line distribution has a part of {row.GetArrayLength()} numbers, not {width}: {json}");
            }
            var numbers = new long?[width];
            var i = 0;
            foreach (var value in row.EnumerateArray())
            {
                numbers[i++] = value.ValueKind == JsonValueKind.Null ? null : value.GetInt64();
            }
            rows.Add(numbers);
        }
        return rows;
    }
}
