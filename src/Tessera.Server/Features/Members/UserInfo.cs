using System.Globalization;
using System.Text.Json.Serialization;
using Tessera.Domain.Members;
using Tessera.Server.Data.Entities;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Members;

/// <summary>
/// The <c>user_info</c> object: the union of the fields of the spec samples (add-user, alter-user,
/// get-user, session, login, delete-user), Facebook fields aside.
/// </summary>
public sealed record UserInfo
{
    public int Id { get; init; }
    public int UserId { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? Gender { get; init; }
    public string? Birthday { get; init; }
    public string? SignupChannel { get; init; }
    public string? Username { get; init; }
    public string? AuthenticationPointIdentifier { get; init; }
    public string? AuxiliaryIdentifier { get; init; }
    public required MailingList MailingList { get; init; }
    public required EntityCode EntityCode { get; init; }
    public required OptInProgramme OptInProgramme { get; init; }
    public bool Obfuscated { get; init; }
    public string? CountryCode { get; init; }
    public string? AddressStreetname { get; init; }
    public string? AddressHousenumber { get; init; }
    public string? AddressHousenumberExtension { get; init; }
    [JsonPropertyName("address_line_2")]
    public string? AddressLine2 { get; init; }
    [JsonPropertyName("address_line_3")]
    public string? AddressLine3 { get; init; }
    public string? AddressTowncity { get; init; }
    public string? AddressRegionstate { get; init; }
    public string? AddressPostalcode { get; init; }
    public string? PhoneNumber { get; init; }
    public string? MemberNumber { get; init; }
    public string? Language { get; init; }
    public string? LangCode { get; init; }
    public bool? OptInSecondary { get; init; }
    public SignupStore? SignupStore { get; init; }
    public HomeStore? HomeStore { get; init; }
    public bool Registered { get; init; }
    public bool IsEmployee { get; init; }
    public required PushNotificationSubscription PushNotificationSubscription { get; init; }

    /// <summary>add-user ("new", or "registered" when an existing member was updated) and alter-user ("registered") only.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? UserType { get; init; }

    /// <summary>add-user only.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? UpdatedExistingUser { get; init; }

    /// <summary>Null until the chain has a loyalty programme and the member a level in it.</summary>
    public LoyaltyStatus? LoyaltyStatus { get; init; }
    public int Frequency { get; init; }
    public int Recency { get; init; }
    public int Monetary { get; init; }
    public int Overall { get; init; }
    public string? Stores { get; init; }
    public bool OnlineShopper { get; init; }
    public bool OfflineShopper { get; init; }
    public required string AverageBasketValue { get; init; }
    public int? DaysSinceLastPurchase { get; init; }
    public int NumberOfPurchases { get; init; }
    public ReferringUser? ReferringUser { get; init; }
    public string? ReferralCode { get; init; }

    public static UserInfo From(User user, MemberRelations relations, PurchaseStatistics statistics, LoyaltyStatus? loyaltyStatus = null) => new()
    {
        Id = user.Id,
        UserId = user.Id,
        FirstName = user.FirstName,
        LastName = user.LastName,
        Gender = user.Gender,
        Birthday = SpaazaDates.Iso(user.Birthday),
        SignupChannel = user.SignupChannel,
        Username = user.Username,
        AuthenticationPointIdentifier = user.AuthenticationPointIdentifier,
        AuxiliaryIdentifier = user.AuxiliaryIdentifier,
        MailingList = new MailingList(user.MailingListSubOffered, user.MailingListSubscribed, user.PrintedMailingListSubscribed),
        // spec: entity_code type is "regular" for Tessera's own member number, "custom" when supplied.
        EntityCode = new EntityCode(user.MemberNumberCustom ? "custom" : "regular", user.MemberNumber ?? user.Id.ToString(CultureInfo.InvariantCulture)),
        OptInProgramme = new OptInProgramme(user.ProgrammeOptedIn, SpaazaDates.Iso(user.JoinDate)),
        Obfuscated = user.Obfuscated,
        CountryCode = user.CountryCode,
        AddressStreetname = user.AddressStreetname,
        AddressHousenumber = user.AddressHousenumber,
        AddressHousenumberExtension = user.AddressHousenumberExtension,
        AddressLine2 = user.AddressLine2,
        AddressLine3 = user.AddressLine3,
        AddressTowncity = user.AddressTowncity,
        AddressRegionstate = user.AddressRegionstate,
        AddressPostalcode = user.AddressPostalcode,
        PhoneNumber = user.PhoneNumber,
        MemberNumber = user.MemberNumber,
        Language = user.Language,
        LangCode = MemberFields.LanguageCode(user.Language),
        OptInSecondary = user.OptInSecondary,
        SignupStore = relations.SignupStore,
        HomeStore = relations.HomeStore,
        Registered = user.Registered,
        IsEmployee = user.IsEmployee,
        PushNotificationSubscription = new PushNotificationSubscription(false, []),
        LoyaltyStatus = loyaltyStatus,
        Frequency = statistics.Frequency,
        Recency = statistics.Recency,
        Monetary = statistics.Monetary,
        Overall = statistics.Overall,
        Stores = statistics.Stores,
        OnlineShopper = statistics.OnlineShopper,
        OfflineShopper = statistics.OfflineShopper,
        AverageBasketValue = statistics.AverageBasketValue.ToString("0.00", CultureInfo.InvariantCulture),
        DaysSinceLastPurchase = statistics.DaysSinceLastPurchase,
        NumberOfPurchases = statistics.NumberOfPurchases,
        ReferringUser = relations.ReferringUser,
        ReferralCode = user.ReferralCode,
    };
}

public sealed record MailingList(bool MailingListSubOffered, bool MailingListSubscribed, bool PrintedMailingListSubscribed);

public sealed record EntityCode(string Type, string Code);

public sealed record OptInProgramme(bool ProgrammeOptedIn, string? JoinDate);

public sealed record PushNotificationSubscription(bool Subscribed, IReadOnlyList<string> Subscriptions);

public sealed record ReferringUser(int Id, string? ReferralCode);

public sealed record SignupStore(int SignupStoreId, string SignupStoreName);

public sealed record HomeStore(int HomeStoreId, string HomeStoreName);
