namespace Tessera.Server.Data.Entities;

/// <summary>A key of ASP.NET Core Data Protection's key ring, as its XML, shared by every server of the database.</summary>
public sealed class DataProtectionKey
{
    public int Id { get; set; }
    public string? FriendlyName { get; set; }
    public required string Xml { get; set; }
}
