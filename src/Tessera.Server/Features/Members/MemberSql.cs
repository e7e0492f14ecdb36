using System.Data.Common;
using Tessera.Server.Data.Sql;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Features.Members;

/// <summary>
/// A chain's member read with plain SQL as one statement of a <see cref="SqlBatch"/>, for the basket calls, which
/// read the member in the same round trip as the rest of what they need. Read-only: the entity is not tracked.
/// </summary>
public static class MemberSql
{
    /// <summary>Every column of <c>users</c>, in the order <see cref="Read"/> expects.</summary>
    public const string Columns = """
        id, is_admin, chain_id, username_scope, username, username_normalized, password_hash, first_name, last_name, gender, birthday,
        member_number, member_number_custom, authentication_point_identifier, auxiliary_identifier, signup_channel, country_code,
        address_streetname, address_housenumber, address_housenumber_extension, address_line_2, address_line_3, address_towncity,
        address_regionstate, address_postalcode, phone_number, language, opt_in_secondary, mailing_list_sub_offered, mailing_list_subscribed,
        printed_mailing_list_subscribed, programme_opted_in, join_date, registered, is_employee, obfuscated, referral_code, referring_user_id,
        affiliate_code, signup_store_id, home_store_id, created_at, updated_at
        """;

    /// <summary>
    /// The condition that finds a chain's member (not an admin) by <paramref name="reference"/>'s first identifier of
    /// member number, authentication point identifier and user id (spec basket user: the first one given decides),
    /// with <c>$1</c> the chain and <c>$2</c> the identifier; null when the reference names none.
    /// </summary>
    public static (string Where, object Value)? Match(MemberRef reference) =>
        reference.MemberNumber is { } number ? ("member_number = $2", number)
        : reference.AuthenticationPointIdentifier is { } api ? ("authentication_point_identifier = $2", api)
        : reference.UserId is { } id ? ("id = $2", id)
        : null;

    /// <summary>Adds the read of the member <paramref name="match"/> finds; its row (at most one) is for <see cref="Read"/>.</summary>
    public static void AddFind(SqlBatch batch, int chainId, (string Where, object Value) match, Action<User> found) =>
        batch.Query($"SELECT {Columns} FROM users WHERE chain_id = $1 AND NOT is_admin AND {match.Where} LIMIT 1", r => found(Read(r)), chainId, match.Value);

    public static User Read(DbDataReader r) => new()
    {
        Id = r.GetInt32(0),
        IsAdmin = r.GetBoolean(1),
        ChainId = r.GetInt32(2),
        UsernameScope = r.GetInt32(3),
        Username = r.GetString(4),
        UsernameNormalized = r.GetString(5),
        PasswordHash = r.TextOrNull(6),
        FirstName = r.TextOrNull(7),
        LastName = r.TextOrNull(8),
        Gender = r.TextOrNull(9),
        Birthday = r.UtcOrNull(10),
        MemberNumber = r.TextOrNull(11),
        MemberNumberCustom = r.GetBoolean(12),
        AuthenticationPointIdentifier = r.TextOrNull(13),
        AuxiliaryIdentifier = r.TextOrNull(14),
        SignupChannel = r.TextOrNull(15),
        CountryCode = r.TextOrNull(16),
        AddressStreetname = r.TextOrNull(17),
        AddressHousenumber = r.TextOrNull(18),
        AddressHousenumberExtension = r.TextOrNull(19),
        AddressLine2 = r.TextOrNull(20),
        AddressLine3 = r.TextOrNull(21),
        AddressTowncity = r.TextOrNull(22),
        AddressRegionstate = r.TextOrNull(23),
        AddressPostalcode = r.TextOrNull(24),
        PhoneNumber = r.TextOrNull(25),
        Language = r.TextOrNull(26),
        OptInSecondary = r.BooleanOrNull(27),
        MailingListSubOffered = r.GetBoolean(28),
        MailingListSubscribed = r.GetBoolean(29),
        PrintedMailingListSubscribed = r.GetBoolean(30),
        ProgrammeOptedIn = r.GetBoolean(31),
        JoinDate = r.UtcOrNull(32),
        Registered = r.GetBoolean(33),
        IsEmployee = r.GetBoolean(34),
        Obfuscated = r.GetBoolean(35),
        ReferralCode = r.TextOrNull(36),
        ReferringUserId = r.Int32OrNull(37),
        AffiliateCode = r.TextOrNull(38),
        SignupStoreId = r.Int32OrNull(39),
        HomeStoreId = r.Int32OrNull(40),
        CreatedAt = r.Utc(41),
        UpdatedAt = r.Utc(42),
    };
}
