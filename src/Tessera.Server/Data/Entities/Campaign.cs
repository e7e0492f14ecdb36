namespace Tessera.Server.Data.Entities;

/// <summary>
/// A campaign of a chain. The columns are what queries select on; everything else of the campaign
/// object (type-specific settings, localisations, levels and rules as sent) is the JSON <see cref="Config"/>.
/// </summary>
public sealed class Campaign
{
    public int Id { get; set; }
    public int ChainId { get; set; }
    public required string Type { get; set; }
    public required string Title { get; set; }
    public bool Active { get; set; }
    public int? CurrencyId { get; set; }
    public required string Config { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
