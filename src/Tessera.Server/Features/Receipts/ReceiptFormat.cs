using System.Globalization;
using System.Text.Json;
using Tessera.Domain.Ledger;

namespace Tessera.Server.Features.Receipts;

/// <summary>How receipts write their values: money as numbers with two decimals, quantities without trailing zeros.</summary>
public static class ReceiptFormat
{
    /// <summary>
    /// The mark written where a balance add-basket's batch reads comes (a control character: never found in the
    /// output otherwise, as JSON escapes it in strings), followed by <see cref="WalletSlot"/> or <see cref="PointsSlot"/>.
    /// </summary>
    public const char Slot = '\u0001';
    public const char WalletSlot = 'W';
    public const char PointsSlot = 'P';

    /// <summary>"2019-06-14T11:35:06Z", the services endpoints' form.</summary>
    public static string Zulu(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Quantity(decimal units) => units.ToString("0.###", CultureInfo.InvariantCulture);

    public static void Money(Utf8JsonWriter w, string name, long cents)
    {
        w.WritePropertyName(name);
        w.WriteRawValue(Cents.Format(cents), skipInputValidation: true);
    }

    /// <summary>A balance, or the slot for it when it is not known yet.</summary>
    public static void Balance(Utf8JsonWriter w, string name, long? cents, char slot)
    {
        w.WritePropertyName(name);
        w.WriteRawValue(cents is { } known ? Cents.Format(known) : $"{Slot}{slot}", skipInputValidation: true);
    }

    public static void Text(Utf8JsonWriter w, string name, string? value) => w.WriteString(name, value ?? "");

    /// <summary>An address line of a member's street, house number and extension.</summary>
    public static string Street(string? street, string? number, string? extension) =>
        string.Join(' ', new[] { street, number, extension }.Where(s => !string.IsNullOrWhiteSpace(s)));
}
