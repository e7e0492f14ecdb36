using Tessera.Server.Data.Entities;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Members;

/// <summary>The <c>user_info</c> object of the spec samples (login, session, get-login-status, get-user).</summary>
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
    [System.Text.Json.Serialization.JsonPropertyName("address_line_2")]
    public string? AddressLine2 { get; init; }
    [System.Text.Json.Serialization.JsonPropertyName("address_line_3")]
    public string? AddressLine3 { get; init; }
    public string? AddressTowncity { get; init; }
    public string? AddressRegionstate { get; init; }
    public string? AddressPostalcode { get; init; }
    public string? PhoneNumber { get; init; }
    public string? MemberNumber { get; init; }
    public string? Language { get; init; }
    public bool? OptInSecondary { get; init; }
    public bool Registered { get; init; }
    public bool IsEmployee { get; init; }
    public required PushNotificationSubscription PushNotificationSubscription { get; init; }
    public ReferringUser? ReferringUser { get; init; }
    public string? ReferralCode { get; init; }

    public static UserInfo From(User user, ReferringUser? referringUser = null) => new()
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
        EntityCode = new EntityCode(user.MemberNumberCustom ? "custom" : "regular", user.MemberNumber ?? user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
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
        OptInSecondary = user.OptInSecondary,
        Registered = user.Registered,
        IsEmployee = user.IsEmployee,
        PushNotificationSubscription = new PushNotificationSubscription(false, []),
        ReferringUser = referringUser,
        ReferralCode = user.ReferralCode,
    };
}

public sealed record MailingList(bool MailingListSubOffered, bool MailingListSubscribed, bool PrintedMailingListSubscribed);

public sealed record EntityCode(string Type, string Code);

public sealed record OptInProgramme(bool ProgrammeOptedIn, string? JoinDate);

public sealed record PushNotificationSubscription(bool Subscribed, IReadOnlyList<string> Subscriptions);

public sealed record ReferringUser(int Id, string? ReferralCode);
