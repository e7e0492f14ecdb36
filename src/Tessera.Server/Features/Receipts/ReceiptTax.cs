namespace Tessera.Server.Features.Receipts;

/// <summary>spec tax_lines: the tax, the order value it applies to (the tax over its rate) and the rate.</summary>
public sealed record ReceiptTax(long TaxCents, long OrderCents, decimal Rate);
