namespace Tessera.Server.Data.Entities;

/// <summary>A privileged API client of one chain (<c>Authorization: Bearer KEYID:SECRET</c>).</summary>
public sealed class ApiClient
{
    public int Id { get; set; }
    public int ChainId { get; set; }
    public required string KeyId { get; set; }
    public required string SecretHash { get; set; }
    public required string Name { get; set; }
    public bool Active { get; set; } = true;
    public DateTime CreatedAt { get; set; }
}
