using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tessera.Domain.Reference;
using Tessera.Server.Auth;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;
using Tessera.Server.Protocol;

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

public sealed record BusinessResults(BusinessView Business);

public sealed record BusinessListResults(IReadOnlyList<BusinessView> Businesses);

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

/// <summary>Branches of a chain: add, alter, list.</summary>
public sealed class BusinessService(TesseraDbContext db, TimeProvider clock)
{
    public async Task<Outcome<BusinessResults>> AddAsync(Caller caller, int chainId, BusinessFields fields, CancellationToken cancellationToken)
    {
        if (!caller.Can(Permission.Write, chainId) || !await db.Chains.AnyAsync(c => c.Id == chainId, cancellationToken))
        {
            return ErrorCodes.PermissionDeniedOrNonExistent;
        }
        if (fields.OwnerCode is { Length: > 0 } code && await db.Businesses.AnyAsync(b => b.ChainId == chainId && b.OwnerCode == code, cancellationToken))
        {
            return OwnerCodeTaken(code);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var business = new Business { ChainId = chainId, Name = fields.Name!, CreatedAt = now, UpdatedAt = now };
        fields.ApplyTo(business);
        db.Businesses.Add(business);
        if (!await TrySaveAsync(cancellationToken))
        {
            return OwnerCodeTaken(fields.OwnerCode!);
        }
        return new BusinessResults(BusinessView.From(business));
    }

    public async Task<Outcome<BusinessResults>> AlterAsync(Caller caller, int businessId, BusinessFields fields, CancellationToken cancellationToken)
    {
        var business = await db.Businesses.FirstOrDefaultAsync(b => b.Id == businessId, cancellationToken);
        // 68 for a business of another chain as for one that does not exist: ids of other tenants are not confirmed.
        if (business is null || !caller.Can(Permission.Write, business.ChainId, business.Id))
        {
            return ErrorCodes.PermissionDeniedOrNonExistent;
        }
        if (fields.OwnerCode is { Length: > 0 } code && code != business.OwnerCode
            && await db.Businesses.AnyAsync(b => b.ChainId == business.ChainId && b.OwnerCode == code, cancellationToken))
        {
            return OwnerCodeTaken(code);
        }
        fields.ApplyTo(business);
        business.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        if (!await TrySaveAsync(cancellationToken))
        {
            return OwnerCodeTaken(fields.OwnerCode!);
        }
        return new BusinessResults(BusinessView.From(business));
    }

    public async Task<Outcome<BusinessListResults>> ListAsync(Caller caller, int chainId, CancellationToken cancellationToken)
    {
        var query = db.Businesses.AsNoTracking().Where(b => b.ChainId == chainId);
        if (!caller.Can(Permission.Read, chainId))
        {
            // An admin of some branches only sees those.
            var permitted = caller.Permissions.Where(p => p.ChainId == chainId && p.BusinessId is not null && (p.CanRead || p.CanWrite || p.IsSuperUser))
                .Select(p => p.BusinessId!.Value).ToList();
            if (permitted.Count == 0)
            {
                return ErrorCodes.PermissionDeniedOrNonExistent;
            }
            query = query.Where(b => permitted.Contains(b.Id));
        }
        var businesses = await query.OrderBy(b => b.Id).ToListAsync(cancellationToken);
        return new BusinessListResults(businesses.Select(BusinessView.From).ToList());
    }

    private static ApiFailure OwnerCodeTaken(string code) =>
        ErrorCodes.TooManyDuplicateObjects.With($"owner_code '{code}' is already used by another business of this chain");

    /// <summary>False when a concurrent writer took the same owner code first (unique index).</summary>
    private async Task<bool> TrySaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }
}
