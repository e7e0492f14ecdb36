namespace Tessera.Server.Data.Entities;

/// <summary>A receipt's PDF, rendered on the first download and kept for every server (migration 0035).</summary>
public sealed class ReceiptPdf
{
    public long BasketId { get; set; }
    public int ChainId { get; set; }
    public required byte[] Pdf { get; set; }
    public DateTime CreatedAt { get; set; }
}
