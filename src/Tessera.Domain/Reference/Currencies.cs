namespace Tessera.Domain.Reference;

/// <summary>
/// The currencies Tessera knows. Ids 2 (EUR), 3 (GBP), 4 (USD) and 5 (points) are fixed by the spec
/// ("IDs for common currencies are 2 = EUR, 3 = GBP and 4 = USD"); the rest are Tessera's own, stable forever.
/// </summary>
public static class Currencies
{
    public static IReadOnlyList<CurrencyInfo> All { get; } =
    [
        new(2, "EUR", "Euro", "€", 2),
        new(3, "GBP", "Pound sterling", "£", 2),
        new(4, "USD", "US dollar", "$", 2),
        // Not ISO-4217: the unit of points wallets (spec get-card sample: currency_id 5, "PTS", "pts").
        new(5, "PTS", "Points", "pts", 2),
        new(10, "AUD", "Australian dollar", "A$", 2),
        new(11, "CAD", "Canadian dollar", "C$", 2),
        new(12, "CHF", "Swiss franc", "CHF", 2),
        new(13, "CZK", "Czech koruna", "Kč", 2),
        new(14, "DKK", "Danish krone", "kr", 2),
        new(15, "HKD", "Hong Kong dollar", "HK$", 2),
        new(16, "HUF", "Hungarian forint", "Ft", 2),
        new(17, "JPY", "Japanese yen", "¥", 0),
        new(18, "NOK", "Norwegian krone", "kr", 2),
        new(19, "NZD", "New Zealand dollar", "NZ$", 2),
        new(20, "PLN", "Polish złoty", "zł", 2),
        new(21, "SEK", "Swedish krona", "kr", 2),
        new(22, "SGD", "Singapore dollar", "S$", 2),
        new(23, "ZAR", "South African rand", "R", 2),
        new(24, "CNY", "Renminbi", "¥", 2),
        new(25, "INR", "Indian rupee", "₹", 2),
        new(26, "BRL", "Brazilian real", "R$", 2),
        new(27, "MXN", "Mexican peso", "MX$", 2),
        new(28, "TRY", "Turkish lira", "₺", 2),
        new(29, "AED", "UAE dirham", "AED", 2),
        new(30, "RON", "Romanian leu", "lei", 2),
        new(31, "BGN", "Bulgarian lev", "лв", 2),
        new(32, "ISK", "Icelandic króna", "kr", 0),
        new(33, "KRW", "South Korean won", "₩", 0),
        new(34, "ZWL", "Zimbabwean dollar", "Z$", 2),
    ];

    private static readonly Dictionary<string, CurrencyInfo> ByCode = All.ToDictionary(c => c.Code, StringComparer.OrdinalIgnoreCase);
    private static readonly Dictionary<int, CurrencyInfo> ById = All.ToDictionary(c => c.Id);

    public static CurrencyInfo? FindByCode(string? code) => code is null ? null : ByCode.GetValueOrDefault(code.Trim());

    public static CurrencyInfo? FindById(int id) => ById.GetValueOrDefault(id);
}
