using Tessera.Domain.Members;
using Tessera.Domain.Reference;
using Tessera.Server.Data.Entities;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Members;

/// <summary>
/// The member fields of add-user and alter-user as sent. Null: not sent, leave alone. Empty string:
/// sent empty, clear it (spec: "in order to remove values … send their parameters as empty values").
/// </summary>
public sealed record MemberInput
{
    public string? Username { get; init; }
    public string? Password { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? Gender { get; init; }
    public DateTime? Birthday { get; init; }
    public bool ClearBirthday { get; init; }
    public string? CountryCode { get; init; }
    public string? Language { get; init; }
    public string? PhoneNumber { get; init; }
    public string? AddressStreetname { get; init; }
    public string? AddressHousenumber { get; init; }
    public string? AddressHousenumberExtension { get; init; }
    public string? AddressLine2 { get; init; }
    public string? AddressLine3 { get; init; }
    public string? AddressTowncity { get; init; }
    public string? AddressRegionstate { get; init; }
    public string? AddressPostalcode { get; init; }
    public string? AuthenticationPointIdentifier { get; init; }
    public string? AuxiliaryIdentifier { get; init; }
    public string? MemberNumber { get; init; }
    public bool? MailingListSubOffered { get; init; }
    public bool? MailingListSubscribed { get; init; }
    public bool? PrintedMailingListSubscribed { get; init; }
    public bool? ProgrammeOptedIn { get; init; }
    public bool? OptInSecondary { get; init; }
    public bool? Registered { get; init; }
    public bool? IsEmployee { get; init; }
    public int? StoreId { get; init; }
    public string? BranchBusinessOwnerCode { get; init; }
    public int? HomeStoreId { get; init; }
    public string? ReferralCode { get; init; }
    public string? AffiliateCode { get; init; }

    /// <summary>Reads and validates every member parameter of the spec table; failures land on <paramref name="p"/>.</summary>
    public static MemberInput Read(SpaazaParams p)
    {
        var tooLong = ErrorCodes.StringParameterTooLong;
        var username = NonEmpty(p.Text("username"));
        if (username is not null && !MemberFields.IsEmail(username))
        {
            p.Fail(ErrorCodes.UsernameInvalid);
        }
        var password = p.Has("password") ? p.Text("password") : null;
        if (password is not null && password.Length < MemberFields.MinimumPasswordLength)
        {
            p.Fail(ErrorCodes.PasswordInvalid);
        }
        var genderText = p.Text("gender");
        string? gender = genderText;
        if (genderText is { Length: > 0 })
        {
            gender = MemberFields.NormaliseGender(genderText);
            if (gender is null)
            {
                p.Fail(ErrorCodes.GenderValueError);
            }
        }
        var birthdayText = p.Text("birthday");
        DateTime? birthday = null;
        if (birthdayText is { Length: > 0 })
        {
            birthday = MemberFields.ParseBirthday(birthdayText);
            if (birthday is null)
            {
                p.Fail(ErrorCodes.DateValueError.With("birthday must be YYYY-MM-DD or ISO 8601 extended, e.g. 1983-07-27T00:00:00+00:00"));
            }
        }
        var country = p.Text("country_code")?.ToUpperInvariant();
        if (country is { Length: > 0 } && !CountryCodes.IsValid(country))
        {
            p.Fail(ErrorCodes.CountryCodeInvalid);
        }
        var language = p.Text("language", 35, tooLong);
        if (language is { Length: > 0 } && !MemberFields.IsLanguageTag(language))
        {
            p.Fail(ErrorCodes.ParameterInvalid.With("language must be an IETF BCP 47 tag such as en-GB or nl"));
        }
        var input = new MemberInput
        {
            Username = username,
            Password = password,
            FirstName = p.Text("first_name", 255, tooLong),
            LastName = p.Text("last_name", 255, tooLong),
            Gender = gender,
            Birthday = birthday,
            ClearBirthday = birthdayText is { Length: 0 },
            CountryCode = country,
            Language = language,
            PhoneNumber = p.Text("phone_number", 64, tooLong),
            AddressStreetname = p.Text("address_streetname", 255, tooLong),
            AddressHousenumber = p.Text("address_housenumber", 64, tooLong),
            AddressHousenumberExtension = p.Text("address_housenumber_extension", 64, tooLong),
            AddressLine2 = p.Text("address_line_2", 255, tooLong),
            AddressLine3 = p.Text("address_line_3", 255, tooLong),
            AddressTowncity = p.Text("address_towncity", 255, tooLong),
            AddressRegionstate = p.Text("address_regionstate", 255, tooLong),
            AddressPostalcode = p.Text("address_postalcode", 32, tooLong),
            AuthenticationPointIdentifier = p.Text("authentication_point_identifier", 255, tooLong),
            AuxiliaryIdentifier = p.Text("auxiliary_identifier", 255, tooLong),
            MemberNumber = p.Text("member_number", 255, tooLong),
            MailingListSubOffered = p.Bool("mailing_list_sub_offered", ErrorCodes.MailingListSubOfferedBooleanRequired),
            MailingListSubscribed = p.Bool("mailing_list_subscribed", ErrorCodes.MailingListSubscribedBooleanRequired),
            PrintedMailingListSubscribed = p.Bool("printed_mailing_list_subscribed"),
            ProgrammeOptedIn = p.Bool("programme_opted_in", ErrorCodes.ProgrammeOptedInBooleanRequired),
            OptInSecondary = p.Bool("opt_in_secondary"),
            Registered = p.Bool("registered"),
            IsEmployee = p.Bool("is_employee"),
            StoreId = p.Int("store_id", ErrorCodes.ParameterSuppliedNotInteger),
            BranchBusinessOwnerCode = NonEmpty(p.Text("branch_business_owner_code", 32, tooLong)),
            HomeStoreId = p.Int("home_store_id", ErrorCodes.ParameterSuppliedNotInteger),
            ReferralCode = NonEmpty(p.Text("referral_code", 16, tooLong)),
            AffiliateCode = NonEmpty(p.Text("affiliate_code", 255, tooLong)),
        };
        return input;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string? Apply(string? sent, string? current) => sent is null ? current : sent.Length == 0 ? null : sent;

    /// <summary>Writes the plain fields onto <paramref name="user"/>; identifiers, stores and password are the service's.</summary>
    public void ApplyProfile(User user)
    {
        user.FirstName = Apply(FirstName, user.FirstName);
        user.LastName = Apply(LastName, user.LastName);
        user.Gender = Apply(Gender, user.Gender);
        if (Birthday is not null)
        {
            user.Birthday = Birthday;
        }
        else if (ClearBirthday)
        {
            user.Birthday = null;
        }
        user.CountryCode = Apply(CountryCode, user.CountryCode);
        user.Language = Apply(Language, user.Language);
        user.PhoneNumber = Apply(PhoneNumber, user.PhoneNumber);
        user.AddressStreetname = Apply(AddressStreetname, user.AddressStreetname);
        user.AddressHousenumber = Apply(AddressHousenumber, user.AddressHousenumber);
        user.AddressHousenumberExtension = Apply(AddressHousenumberExtension, user.AddressHousenumberExtension);
        user.AddressLine2 = Apply(AddressLine2, user.AddressLine2);
        user.AddressLine3 = Apply(AddressLine3, user.AddressLine3);
        user.AddressTowncity = Apply(AddressTowncity, user.AddressTowncity);
        user.AddressRegionstate = Apply(AddressRegionstate, user.AddressRegionstate);
        user.AddressPostalcode = Apply(AddressPostalcode, user.AddressPostalcode);
        user.AuxiliaryIdentifier = Apply(AuxiliaryIdentifier, user.AuxiliaryIdentifier);
        user.MailingListSubOffered = MailingListSubOffered ?? user.MailingListSubOffered;
        user.MailingListSubscribed = MailingListSubscribed ?? user.MailingListSubscribed;
        user.PrintedMailingListSubscribed = PrintedMailingListSubscribed ?? user.PrintedMailingListSubscribed;
        user.OptInSecondary = OptInSecondary ?? user.OptInSecondary;
        user.Registered = Registered ?? user.Registered;
        user.IsEmployee = IsEmployee ?? user.IsEmployee;
        user.AffiliateCode = AffiliateCode ?? user.AffiliateCode;
    }
}
