using System.Text.Json.Serialization;

namespace Tessera.Server.Features.Members;

/// <summary>One member in the search results (spec sample of /search/users).</summary>
public sealed record SearchedUser(
    int Id,
    SearchedEntityCode EntityCode,
    string Username,
    [property: JsonPropertyName("firstname")] string? Firstname,
    [property: JsonPropertyName("lastname")] string? Lastname,
    string CreatedDate,
    string? Gender,
    string? Birthday,
    bool SpaazaOptedIn,
    string? CountryCode,
    string StoreId);

public sealed record SearchedEntityCode(string Code);
