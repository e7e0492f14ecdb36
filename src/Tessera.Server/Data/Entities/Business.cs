namespace Tessera.Server.Data.Entities;

/// <summary>A branch (store) of a chain; <see cref="OwnerCode"/> is the retailer's branch code.</summary>
public sealed class Business
{
    public int Id { get; set; }
    public int ChainId { get; set; }
    public required string Name { get; set; }
    public string? Address1 { get; set; }
    public string? Address2 { get; set; }
    public string? Address3 { get; set; }
    public string? TownCity { get; set; }
    public string? Region { get; set; }
    public string? PostalCode { get; set; }
    public string? CountryCode { get; set; }
    public decimal? Latitude { get; set; }
    public decimal? Longitude { get; set; }
    public string? OwnerCode { get; set; }
    public string? EmailAddress { get; set; }
    public string? WebsiteUrl { get; set; }
    public string? ImageUrl { get; set; }
    public string? ReviewUrl { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
