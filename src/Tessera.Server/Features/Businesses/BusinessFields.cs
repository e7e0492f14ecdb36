using System.Globalization;
using Tessera.Domain.Reference;
using Tessera.Server.Data.Entities;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Businesses;

/// <summary>
/// The fields of a business as sent to add- or alter-business. A field that was not sent is null and
/// leaves the stored value alone; a field sent empty clears it.
/// </summary>
public sealed record BusinessFields
{
    public string? Name { get; init; }
    public string? Address1 { get; init; }
    public string? Address2 { get; init; }
    public string? Address3 { get; init; }
    public string? TownCity { get; init; }
    public string? Region { get; init; }
    public string? PostalCode { get; init; }
    public string? CountryCode { get; init; }
    public string? Latitude { get; init; }
    public string? Longitude { get; init; }
    public string? OwnerCode { get; init; }
    public string? EmailAddress { get; init; }
    public string? WebsiteUrl { get; init; }
    public string? ImageUrl { get; init; }
    public string? ReviewUrl { get; init; }

    /// <summary>spec alter-business parameters and the lengths of codes 124-143.</summary>
    public static BusinessFields Read(SpaazaParams p)
    {
        var fields = new BusinessFields
        {
            Name = p.Text("name", 128, ErrorCodes.BusinessNameInvalid),
            Address1 = p.Text("address_1", 128, ErrorCodes.BusinessAddress1Invalid),
            Address2 = p.Text("address_2", 128, ErrorCodes.BusinessAddress2Invalid),
            Address3 = p.Text("address_3", 128, ErrorCodes.BusinessAddress3Invalid),
            TownCity = p.Text("address_towncity", 56, ErrorCodes.BusinessTowncityInvalid) ?? p.Text("towncity", 56, ErrorCodes.BusinessTowncityInvalid),
            Region = p.Text("region", 56, ErrorCodes.BusinessRegionInvalid),
            PostalCode = p.Text("postalcode", 20, ErrorCodes.BusinessPostalcodeInvalid),
            CountryCode = p.Text("countrycode")?.ToUpperInvariant(),
            Latitude = p.Text("latitude"),
            Longitude = p.Text("longitude"),
            OwnerCode = p.Text("owner_code", 32, ErrorCodes.BusinessOwnerCodeInvalid),
            EmailAddress = p.Text("email_address"),
            WebsiteUrl = p.Text("website_url"),
            ImageUrl = p.Text("business_image_url"),
            ReviewUrl = p.Text("business_review_url"),
        };
        if (fields.CountryCode is { Length: > 0 } country && !CountryCodes.IsValid(country))
        {
            p.Fail(ErrorCodes.BusinessCountryCodeInvalid);
        }
        if (ParseDegrees(fields.Latitude, 90) is false)
        {
            p.Fail(ErrorCodes.BusinessLatitudeInvalid);
        }
        if (ParseDegrees(fields.Longitude, 180) is false)
        {
            p.Fail(ErrorCodes.BusinessLongitudeInvalid);
        }
        if (fields.EmailAddress is { Length: > 0 } email && (email.Length > 255 || !System.Net.Mail.MailAddress.TryCreate(email, out _)))
        {
            p.Fail(ErrorCodes.BusinessEmailAddressInvalid);
        }
        if (!IsUrlOrEmpty(fields.WebsiteUrl))
        {
            p.Fail(ErrorCodes.BusinessWebsiteUrlInvalid);
        }
        if (!IsUrlOrEmpty(fields.ImageUrl) || !IsUrlOrEmpty(fields.ReviewUrl))
        {
            p.Fail(ErrorCodes.InvalidUrl);
        }
        return fields;
    }

    /// <summary>null: not sent or empty; true: valid; false: not a decimal within ±<paramref name="max"/>.</summary>
    private static bool? ParseDegrees(string? text, int max)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        return decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            && Math.Abs(value) <= max && decimal.Round(value, 8) == value;
    }

    private static bool IsUrlOrEmpty(string? text) =>
        string.IsNullOrEmpty(text) ||
        (text.Length <= 1024 && Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps));

    public void ApplyTo(Business b)
    {
        if (Name is { Length: > 0 })
        {
            b.Name = Name;
        }
        b.Address1 = Apply(Address1, b.Address1);
        b.Address2 = Apply(Address2, b.Address2);
        b.Address3 = Apply(Address3, b.Address3);
        b.TownCity = Apply(TownCity, b.TownCity);
        b.Region = Apply(Region, b.Region);
        b.PostalCode = Apply(PostalCode, b.PostalCode);
        b.CountryCode = Apply(CountryCode, b.CountryCode);
        b.OwnerCode = Apply(OwnerCode, b.OwnerCode);
        b.EmailAddress = Apply(EmailAddress, b.EmailAddress);
        b.WebsiteUrl = Apply(WebsiteUrl, b.WebsiteUrl);
        b.ImageUrl = Apply(ImageUrl, b.ImageUrl);
        b.ReviewUrl = Apply(ReviewUrl, b.ReviewUrl);
        if (Latitude is not null)
        {
            b.Latitude = Latitude.Length == 0 ? null : decimal.Parse(Latitude, CultureInfo.InvariantCulture);
        }
        if (Longitude is not null)
        {
            b.Longitude = Longitude.Length == 0 ? null : decimal.Parse(Longitude, CultureInfo.InvariantCulture);
        }
    }

    private static string? Apply(string? sent, string? current) => sent is null ? current : sent.Length == 0 ? null : sent;
}
