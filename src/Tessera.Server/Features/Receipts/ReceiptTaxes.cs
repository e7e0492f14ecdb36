using System.Text.Json;
using Tessera.Domain.Ledger;

namespace Tessera.Server.Features.Receipts;

/// <summary>A basket's tax lines as recorded (<c>taxes_json</c>: <c>[{"tax_rate", "tax_total"}]</c>), as receipt tax lines.</summary>
public static class ReceiptTaxes
{
    /// <summary>spec subtotal: what was paid (add-basket's total) less the taxes.</summary>
    public static long Subtotal(Data.Entities.Basket basket) => Subtotal(basket.AdjustedTotalCents, basket.TaxesJson);

    public static long Subtotal(long totalCents, string taxesJson) => totalCents - (taxesJson.Length <= 2 ? 0 : Read(taxesJson).Sum(t => t.TaxCents));

    public static List<ReceiptTax> Read(string taxesJson)
    {
        var taxes = new List<ReceiptTax>();
        using var document = JsonDocument.Parse(taxesJson);
        foreach (var t in document.RootElement.EnumerateArray())
        {
            var rate = t.TryGetProperty("tax_rate", out var r) && r.ValueKind == JsonValueKind.Number ? r.GetDecimal() : 0;
            var total = t.TryGetProperty("tax_total", out var v) && v.ValueKind == JsonValueKind.Number && Cents.TryFromDecimal(v.GetDecimal(), out var cents) ? cents : 0;
            // spec order_value: "the monetary value of the order that the tax applies to", which the basket does not send: the tax over its rate.
            var order = rate > 0 ? (long)decimal.Round(total / rate, MidpointRounding.AwayFromZero) : 0;
            taxes.Add(new ReceiptTax(total, order, rate));
        }
        return taxes;
    }
}
