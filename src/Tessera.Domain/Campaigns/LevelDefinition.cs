namespace Tessera.Domain.Campaigns;

/// <summary>A level of a loyalty campaign, ordered by <see cref="Position"/> (higher is better).</summary>
public sealed record LevelDefinition(int Id, string Name, string? Description, int Position);
