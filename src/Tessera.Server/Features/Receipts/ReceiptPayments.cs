using System.Text.Json;

namespace Tessera.Server.Features.Receipts;

/// <summary>The payment methods a basket recorded (<c>payments_json</c>: <c>[{"payment_method", "payment_amount"}]</c>).</summary>
public static class ReceiptPayments
{
    /// <summary>spec payment_method: the basket's payment method, "unknown" without one, the methods joined by "+" for several.</summary>
    public static string Method(string paymentsJson)
    {
        var methods = Read(paymentsJson).Select(p => p.Method).Distinct(StringComparer.Ordinal).ToList();
        return methods.Count == 0 ? "unknown" : string.Join('+', methods);
    }

    public static List<(string Method, decimal Amount)> Read(string paymentsJson)
    {
        var payments = new List<(string, decimal)>();
        using var document = JsonDocument.Parse(paymentsJson);
        foreach (var p in document.RootElement.EnumerateArray())
        {
            var method = p.TryGetProperty("payment_method", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            var amount = p.TryGetProperty("payment_amount", out var a) && a.ValueKind == JsonValueKind.Number ? a.GetDecimal() : 0;
            if (!string.IsNullOrEmpty(method))
            {
                payments.Add((method, amount));
            }
        }
        return payments;
    }
}
