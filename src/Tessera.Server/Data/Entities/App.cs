namespace Tessera.Server.Data.Entities;

/// <summary>A Spaaza "MyPrice app": the hostname through which members of one chain reach the API.</summary>
public sealed class App
{
    public int Id { get; set; }
    public int ChainId { get; set; }
    public required string Hostname { get; set; }
    public required string Name { get; set; }

    /// <summary>spec 426: the highest numeric member number this app accepts, when one is configured.</summary>
    public long? MemberNumberMax { get; set; }
    public DateTime CreatedAt { get; set; }
}
