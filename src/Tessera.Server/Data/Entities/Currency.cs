namespace Tessera.Server.Data.Entities;

/// <summary>ISO-4217 currency with Spaaza's numeric id (spec: 2 = EUR, 3 = GBP, 4 = USD).</summary>
public sealed class Currency
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public required string Symbol { get; set; }
    public int MinorUnits { get; set; }
}
