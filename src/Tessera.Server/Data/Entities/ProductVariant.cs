namespace Tessera.Server.Data.Entities;

/// <summary>A product variant, known by its barcode.</summary>
public sealed class ProductVariant
{
    public int Id { get; set; }
    public int ChainId { get; set; }
    public int? ProductId { get; set; }
    public required string Barcode { get; set; }
    public string? Colour { get; set; }
    public string? Size { get; set; }
    public long? PriceCents { get; set; }
    public long? CostPriceCents { get; set; }
    public string? ImageUrl { get; set; }
    public string? WebUrl { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
