namespace Tessera.Server.Data.Entities;

public sealed class ReturnedItem
{
    public long Id { get; set; }
    public long ReturnTransactionId { get; set; }
    public long OriginalItemId { get; set; }
    public long? ReturnItemId { get; set; }
    /// <summary>Stored as whole thousandths in <c>quantity</c> (ADR 0025).</summary>
    public decimal Quantity { get; set; }
    public long ReturnPriceCents { get; set; }
    public long SalePriceCents { get; set; }
    public string? OwnerCode { get; set; }
}
