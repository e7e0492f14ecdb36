namespace Tessera.Server.Data.Entities;

/// <summary>A secret every server shares through the database (e.g. the export signing key).</summary>
public sealed class ServerSecret
{
    public required string Name { get; set; }
    public required string Value { get; set; }
}
