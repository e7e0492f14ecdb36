using System.Security.Cryptography;
using Tessera.Server.Data.Entities;
using Tessera.Server.Features.Sessions;

namespace Tessera.Server.Features.Members;

/// <summary>A new member as add-user makes one, shared with the member import: the fields that are not the sender's.</summary>
public static class NewMember
{
    private const string ReferralAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>Six lowercase letters and digits from the CSPRNG; the unique index on referral codes has the last word.</summary>
    public static string ReferralCode() => RandomNumberGenerator.GetString(ReferralAlphabet, 6);

    /// <summary>The member of a validated <see cref="MemberInput"/> with a username; the caller adds it, then its search terms.</summary>
    public static User Create(int chainId, MemberInput input, string? passwordHash, string? signupChannel, int? referrerId, int? signupStoreId, int? homeStoreId, string referralCode, DateTime now)
    {
        var memberNumber = string.IsNullOrEmpty(input.MemberNumber) ? null : input.MemberNumber;
        var apiId = string.IsNullOrEmpty(input.AuthenticationPointIdentifier) ? null : input.AuthenticationPointIdentifier;
        var optedIn = input.ProgrammeOptedIn ?? true; // spec: defaults to true
        var user = new User
        {
            IsAdmin = false,
            ChainId = chainId,
            UsernameScope = chainId,
            Username = input.Username!.Trim(),
            UsernameNormalized = SessionService.NormalizeUsername(input.Username!),
            PasswordHash = passwordHash,
            MemberNumber = memberNumber,
            MemberNumberCustom = memberNumber is not null,
            AuthenticationPointIdentifier = apiId,
            SignupChannel = signupChannel,
            ProgrammeOptedIn = optedIn,
            JoinDate = optedIn ? now : null,
            Registered = true,
            ReferringUserId = referrerId,
            SignupStoreId = signupStoreId,
            HomeStoreId = homeStoreId,
            ReferralCode = referralCode,
            CreatedAt = now,
            UpdatedAt = now,
        };
        input.ApplyProfile(user);
        return user;
    }
}
