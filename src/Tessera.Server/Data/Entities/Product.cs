namespace Tessera.Server.Data.Entities;

/// <summary>A product of a chain, created and updated from basket item metadata (spec: creating products).</summary>
public sealed class Product
{
    public int Id { get; set; }
    public int ChainId { get; set; }
    public required string OwnerCode { get; set; }
    public string? Name { get; set; }
    public string? Description { get; set; }
    public long? PriceCents { get; set; }
    public long? CostPriceCents { get; set; }
    public string? Brand { get; set; }
    public string? Season { get; set; }
    public string? Category { get; set; }
    public string? WebUrl { get; set; }
    public string? ImageUrl { get; set; }
    public bool? Promotional { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
