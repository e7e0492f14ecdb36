using System.Globalization;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Features.Businesses;

/// <summary>The <c>business</c> object of the alter-business sample.</summary>
public sealed record BusinessView(
    int Id,
    int ChainId,
    string Name,
    [property: System.Text.Json.Serialization.JsonPropertyName("address_1")] string? Address1,
    [property: System.Text.Json.Serialization.JsonPropertyName("address_2")] string? Address2,
    [property: System.Text.Json.Serialization.JsonPropertyName("address_3")] string? Address3,
    string? Towncity,
    string? Region,
    string? Postalcode,
    string? Countrycode,
    string? Latitude,
    string? Longitude,
    string? OwnerCode,
    string? EmailAddress,
    string? WebsiteUrl,
    string? BusinessImageUrl,
    string? BusinessReviewUrl,
    string Type)
{
    public static BusinessView From(Business b) => new(
        b.Id, b.ChainId, b.Name, b.Address1, b.Address2, b.Address3, b.TownCity, b.Region, b.PostalCode, b.CountryCode,
        b.Latitude?.ToString("0.00000000", CultureInfo.InvariantCulture),
        b.Longitude?.ToString("0.00000000", CultureInfo.InvariantCulture),
        b.OwnerCode, b.EmailAddress, b.WebsiteUrl, b.ImageUrl, b.ReviewUrl, "business");
}
