namespace Tessera.Server.Features.Receipts;

/// <summary>What a receipt shows of a line's product: spec description, type and the metadata color, size, image.</summary>
public sealed record ReceiptProduct(string? Name, string? Description, string? Category, string? Colour, string? Size, string? ImageUrl)
{
    public static readonly ReceiptProduct None = new(null, null, null, null, null, null);
}
