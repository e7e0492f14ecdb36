namespace Tessera.Server.Data.Entities;

/// <summary>
/// Admins and members share one id space, so the session headers (<c>session-user-id</c>) name
/// exactly one person. <see cref="UsernameScope"/> is 0 for admins and the chain id for members:
/// usernames are unique among admins, and per chain among members.
/// </summary>
public sealed class User
{
    public int Id { get; set; }
    public bool IsAdmin { get; set; }
    public int ChainId { get; set; }
    public int UsernameScope { get; set; }
    public required string Username { get; set; }
    public required string UsernameNormalized { get; set; }
    public string? PasswordHash { get; set; }
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public string? Gender { get; set; }
    public DateTime? Birthday { get; set; }
    public string? MemberNumber { get; set; }
    public bool MemberNumberCustom { get; set; }
    public string? AuthenticationPointIdentifier { get; set; }
    public string? AuxiliaryIdentifier { get; set; }
    public string? SignupChannel { get; set; }
    public string? CountryCode { get; set; }
    public string? AddressStreetname { get; set; }
    public string? AddressHousenumber { get; set; }
    public string? AddressHousenumberExtension { get; set; }
    public string? AddressLine2 { get; set; }
    public string? AddressLine3 { get; set; }
    public string? AddressTowncity { get; set; }
    public string? AddressRegionstate { get; set; }
    public string? AddressPostalcode { get; set; }
    public string? PhoneNumber { get; set; }
    public string? Language { get; set; }
    public bool? OptInSecondary { get; set; }
    public bool MailingListSubOffered { get; set; }
    public bool MailingListSubscribed { get; set; }
    public bool PrintedMailingListSubscribed { get; set; }
    public bool ProgrammeOptedIn { get; set; }
    public DateTime? JoinDate { get; set; }
    public bool Registered { get; set; } = true;
    public bool IsEmployee { get; set; }
    public bool Obfuscated { get; set; }
    public string? ReferralCode { get; set; }
    public int? ReferringUserId { get; set; }
    public string? AffiliateCode { get; set; }
    public int? SignupStoreId { get; set; }
    public int? HomeStoreId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
