namespace Tessera.Server.Data.Entities;

/// <summary>A retailer: the tenant every other row belongs to.</summary>
public sealed class Chain
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public int CurrencyId { get; set; }
    public DateTime CreatedAt { get; set; }
}
