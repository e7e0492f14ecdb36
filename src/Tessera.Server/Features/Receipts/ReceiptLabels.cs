using System.Collections.Frozen;

namespace Tessera.Server.Features.Receipts;

/// <summary>The words of a receipt's PDF, in the member's language (its <c>language</c>, e.g. "nl" or "nl-NL") where Tessera has it, else English.</summary>
public sealed record ReceiptLabels(
    string Receipt, string Date, string Item, string Quantity, string Price, string Amount, string Subtotal, string Tax, string Total,
    string Vouchers, string Wallet, string Points, string Earned, string BalanceAfter, string Return, string Returns, string Payment)
{
    public static readonly ReceiptLabels English = new("Receipt", "Date", "Item", "Qty", "Price", "Amount", "Subtotal (excl. tax)", "Tax", "Total",
        "Vouchers", "Wallet", "Points", "earned", "Balance after this purchase", "return", "Returns items of receipt", "Payment");

    private static readonly FrozenDictionary<string, ReceiptLabels> ByLanguage = new Dictionary<string, ReceiptLabels>(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = English,
        ["nl"] = new("Bon", "Datum", "Artikel", "Aantal", "Prijs", "Bedrag", "Subtotaal (excl. btw)", "Btw", "Totaal",
            "Vouchers", "Tegoed", "Punten", "verdiend", "Saldo na deze aankoop", "retour", "Retour van bon", "Betaling"),
        ["de"] = new("Beleg", "Datum", "Artikel", "Menge", "Preis", "Betrag", "Zwischensumme (ohne MwSt.)", "MwSt.", "Gesamt",
            "Gutscheine", "Guthaben", "Punkte", "erhalten", "Stand nach diesem Einkauf", "Rückgabe", "Rückgabe zu Beleg", "Zahlung"),
        ["fr"] = new("Reçu", "Date", "Article", "Qté", "Prix", "Montant", "Sous-total (HT)", "TVA", "Total",
            "Bons", "Cagnotte", "Points", "gagnés", "Solde après cet achat", "retour", "Retour du reçu", "Paiement"),
        ["es"] = new("Recibo", "Fecha", "Artículo", "Cant.", "Precio", "Importe", "Subtotal (sin IVA)", "IVA", "Total",
            "Vales", "Monedero", "Puntos", "ganados", "Saldo tras esta compra", "devolución", "Devuelve artículos del recibo", "Pago"),
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    public static ReceiptLabels For(string? language) =>
        language is { Length: >= 2 } && ByLanguage.TryGetValue(language[..2], out var labels) ? labels : English;
}
