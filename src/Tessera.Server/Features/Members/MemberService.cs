using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Tessera.Domain.Members;
using Tessera.Server.Auth;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;
using Tessera.Server.Features.Campaigns;
using Tessera.Server.Features.Events;
using Tessera.Server.Features.Sessions;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Members;

/// <summary>Members of a chain: add (or update), alter, find, delete (obfuscate).</summary>
public sealed class MemberService(TesseraDbContext db, Passwords passwords, UserInfoReader userInfo, CampaignRewards rewards, LoyaltyService loyalty, EventWriter events, TimeProvider clock, ILogger<MemberService> logger)
{
    /// <summary>The domain of the usernames of deleted members (RFC 2606: never a real mailbox).</summary>
    public const string DeletedDomain = "deleted.tessera.invalid";

    private const int MaxAttempts = 3;

    /// <summary>
    /// spec add-user. An existing member with the same username, member number or authentication point
    /// identifier is 234, unless <paramref name="updateIfExists"/> (admin with assign, or privileged):
    /// then that member is updated, and two different members matching is 434.
    /// </summary>
    public async Task<(Outcome<AddUserResults> Outcome, List<ApiWarning> Warnings)> AddAsync(
        int chainId, App? app, MemberInput input, string? signupChannel, bool updateIfExists, CancellationToken cancellationToken)
    {
        var warnings = new List<ApiWarning>();
        if (input.Username is null)
        {
            return (ErrorCodes.HttpVarsMissing.With("username is required"), warnings);
        }
        // A concurrent add of the same member loses on a unique index; the retry then finds it.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return (await AddOnceAsync(chainId, app, input, signupChannel, updateIfExists, warnings, cancellationToken), warnings);
            }
            catch (DbUpdateException ex) when (attempt < MaxAttempts)
            {
                logger.LogInformation(ex, "add-user conflicted with a concurrent write; retrying");
                db.ChangeTracker.Clear();
                warnings.Clear();
            }
        }
    }

    private async Task<Outcome<AddUserResults>> AddOnceAsync(
        int chainId, App? app, MemberInput input, string? signupChannel, bool updateIfExists, List<ApiWarning> warnings, CancellationToken cancellationToken)
    {
        var username = SessionService.NormalizeUsername(input.Username!);
        var memberNumber = string.IsNullOrEmpty(input.MemberNumber) ? null : input.MemberNumber;
        var apiId = string.IsNullOrEmpty(input.AuthenticationPointIdentifier) ? null : input.AuthenticationPointIdentifier;
        // One indexed lookup per identifier (username_scope is the chain for members), combined.
        var candidates = db.Users.Where(u => u.UsernameScope == chainId && u.UsernameNormalized == username);
        if (memberNumber is not null)
        {
            candidates = candidates.Concat(db.Users.Where(u => u.ChainId == chainId && u.MemberNumber == memberNumber && !u.IsAdmin));
        }
        if (apiId is not null)
        {
            candidates = candidates.Concat(db.Users.Where(u => u.ChainId == chainId && u.AuthenticationPointIdentifier == apiId && !u.IsAdmin));
        }
        var existing = (await candidates.ToListAsync(cancellationToken)).DistinctBy(u => u.Id).ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (existing.Count > 0)
        {
            if (!updateIfExists)
            {
                // 234's text speaks of the email address; a new username with a taken card number is 427.
                return existing.Any(u => u.UsernameNormalized == username) || memberNumber is null || !existing.Any(u => u.MemberNumber == memberNumber)
                    ? ErrorCodes.UserAlreadyExists
                    : ErrorCodes.MemberNumberDuplicate;
            }
            if (existing.Count > 1)
            {
                return ErrorCodes.TooManyDuplicateObjects.With("username, member_number and authentication_point_identifier match different members");
            }
            var member = existing[0];
            var wasOptedIn = member.ProgrammeOptedIn;
            if (await ApplyAsync(member, input, app, mayChangeMemberNumber: true, now, cancellationToken) is { } failure)
            {
                return failure;
            }
            await db.SaveChangesAsync(cancellationToken);
            await OptInChangedAsync(member, wasOptedIn, cancellationToken);
            await rewards.OnProfileChangedAsync(member, cancellationToken);
            await loyalty.EvaluateAsync(member, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new AddUserResults(await userInfo.ReadAsync(member, cancellationToken) with { UserType = "registered", UpdatedExistingUser = true });
        }

        if (memberNumber is not null && OutOfRange(memberNumber, app))
        {
            return ErrorCodes.MemberNumberRangeInvalid;
        }
        var stores = await ResolveStoresAsync(chainId, input, cancellationToken);
        if (stores.Failure is { } storeFailure)
        {
            return storeFailure;
        }
        int? referrerId = null;
        if (input.ReferralCode is { } referralCode)
        {
            var code = referralCode.ToLowerInvariant();
            referrerId = await db.Users.Where(u => u.ChainId == chainId && !u.IsAdmin && u.ReferralCode == code)
                .Select(u => (int?)u.Id).FirstOrDefaultAsync(cancellationToken);
            if (referrerId is null)
            {
                warnings.Add(ApiWarning.About(ErrorCodes.ObjectParameterInvalid, "referral_code", referralCode));
            }
        }

        var passwordHash = string.IsNullOrEmpty(input.Password) ? null : await passwords.HashAsync(input.Password);
        var user = NewMember.Create(chainId, input, passwordHash, signupChannel, referrerId, stores.Value!.SignupStoreId, stores.Value.HomeStoreId,
            await NewReferralCodeAsync(cancellationToken), now);
        db.Users.Add(user);
        await db.SaveChangesAsync(cancellationToken);
        if (user.MemberNumber is null)
        {
            // Tessera's own member number is the user id (as Spaaza's "regular" entity codes are),
            // unless a custom number of the chain already took that text.
            user.MemberNumber = await FreeMemberNumberAsync(chainId, user.Id.ToString(CultureInfo.InvariantCulture), cancellationToken);
        }
        await ReplaceSearchTermsAsync(user, isNew: true, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        // First, so that receivers learn of the member before its signup vouchers, points and level.
        await events.ShopperAsync(user, EventTypes.ShopperCreated, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        // Signup, referral and profile campaigns reward in the same transaction as the new member.
        await rewards.OnSignupAsync(user, cancellationToken);
        await rewards.OnProfileChangedAsync(user, cancellationToken);
        await loyalty.EvaluateAsync(user, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new AddUserResults(await userInfo.ReadAsync(user, cancellationToken) with { UserType = "new", UpdatedExistingUser = false });
    }

    /// <summary>spec alter-user: the member is already identified and authorised by the caller.</summary>
    public async Task<Outcome<UserInfoResults>> AlterAsync(User member, MemberInput input, App? app, bool mayChangeMemberNumber, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var optedIn = member.ProgrammeOptedIn;
            if (await ApplyAsync(member, input, app, mayChangeMemberNumber, now, cancellationToken) is { } failure)
            {
                return failure;
            }
            await db.SaveChangesAsync(cancellationToken);
            await OptInChangedAsync(member, optedIn, cancellationToken);
            await rewards.OnProfileChangedAsync(member, cancellationToken);
            await loyalty.EvaluateAsync(member, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A concurrent change took the username or member number first (unique indexes).
            db.ChangeTracker.Clear();
            return ErrorCodes.DataUpdateConflict;
        }
        // spec alter-user sample: the altered member answers "user_type": "registered".
        return new UserInfoResults(await userInfo.ReadAsync(member, cancellationToken) with { UserType = "registered" });
    }

    /// <summary>Changes of add-user's update path and alter-user, on a tracked member, in the caller's transaction.</summary>
    private async Task<ApiFailure?> ApplyAsync(User member, MemberInput input, App? app, bool mayChangeMemberNumber, DateTime now, CancellationToken cancellationToken)
    {
        if (member.Obfuscated)
        {
            return ErrorCodes.UpdateNotPermitted.With("the member was deleted");
        }
        if (input.Username is { } newUsername && SessionService.NormalizeUsername(newUsername) != member.UsernameNormalized)
        {
            var normalized = SessionService.NormalizeUsername(newUsername);
            if (await db.Users.AnyAsync(u => u.UsernameScope == member.ChainId && u.UsernameNormalized == normalized && u.Id != member.Id, cancellationToken))
            {
                return ErrorCodes.UserAlreadyExists;
            }
            member.Username = newUsername.Trim();
            member.UsernameNormalized = normalized;
        }
        if (input.MemberNumber is { Length: > 0 } number && number != member.MemberNumber)
        {
            if (!mayChangeMemberNumber)
            {
                return ErrorCodes.UpdateNotPermitted.With("member_number can only be changed with privileged authentication or by an admin with write permission");
            }
            if (OutOfRange(number, app))
            {
                return ErrorCodes.MemberNumberRangeInvalid;
            }
            if (await db.Users.AnyAsync(u => u.ChainId == member.ChainId && u.MemberNumber == number && u.Id != member.Id, cancellationToken))
            {
                return ErrorCodes.MemberNumberDuplicate;
            }
            member.MemberNumber = number;
            member.MemberNumberCustom = true;
        }
        if (input.AuthenticationPointIdentifier is { } apiId)
        {
            member.AuthenticationPointIdentifier = apiId.Length == 0 ? null : apiId;
        }
        var stores = await ResolveStoresAsync(member.ChainId, input, cancellationToken);
        if (stores.Failure is { } storeFailure)
        {
            return storeFailure;
        }
        member.SignupStoreId = stores.Value!.SignupStoreId ?? member.SignupStoreId;
        member.HomeStoreId = stores.Value.HomeStoreId ?? member.HomeStoreId;
        if (!string.IsNullOrEmpty(input.Password))
        {
            member.PasswordHash = await passwords.HashAsync(input.Password);
        }
        input.ApplyProfile(member);
        if (input.ProgrammeOptedIn is { } optedIn && optedIn != member.ProgrammeOptedIn)
        {
            member.ProgrammeOptedIn = optedIn;
            // join_date is the first opt-in; opting out and in again keeps it.
            member.JoinDate ??= optedIn ? now : null;
        }
        member.UpdatedAt = now;
        await ReplaceSearchTermsAsync(member, isNew: false, cancellationToken);
        return null;
    }

    /// <summary>shopper.opted-in when the programme opt-in changed, once the change is saved (the body shows the member after it).</summary>
    private async Task OptInChangedAsync(User member, bool optedInBefore, CancellationToken cancellationToken)
    {
        if (member.ProgrammeOptedIn != optedInBefore)
        {
            await events.ShopperAsync(member, EventTypes.ShopperOptedIn, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Finds a member of the chain by the first identifier in <paramref name="order"/> that the
    /// reference carries; with <paramref name="fallThrough"/> a miss tries the next one (get-user's rule).
    /// </summary>
    public async Task<(User? Member, string? MatchedBy)> FindAsync(int chainId, MemberRef reference, IReadOnlyList<string> order, bool fallThrough, CancellationToken cancellationToken)
    {
        var members = db.Users.Where(u => u.ChainId == chainId && !u.IsAdmin);
        foreach (var identifier in order)
        {
            User? found;
            switch (identifier)
            {
                case "user_id" when reference.UserId is { } id:
                    found = await members.FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
                    break;
                case "username" when reference.Username is { } username:
                    var normalized = SessionService.NormalizeUsername(username);
                    found = await db.Users.FirstOrDefaultAsync(u => u.UsernameScope == chainId && u.UsernameNormalized == normalized, cancellationToken);
                    break;
                case "member_number" when reference.MemberNumber is { } number:
                    found = await members.FirstOrDefaultAsync(u => u.MemberNumber == number, cancellationToken);
                    break;
                case "authentication_point_identifier" when reference.AuthenticationPointIdentifier is { } apiId:
                    found = await members.FirstOrDefaultAsync(u => u.AuthenticationPointIdentifier == apiId, cancellationToken);
                    break;
                default:
                    continue;
            }
            if (found is not null || !fallThrough)
            {
                return (found, found is null ? null : identifier);
            }
        }
        return (null, null);
    }

    public Task<UserInfo> InfoAsync(User member, CancellationToken cancellationToken) => userInfo.ReadAsync(member, cancellationToken);

    /// <summary>
    /// spec delete-user: obfuscates every personal field as the sample shows; the id, member number,
    /// vouchers, baskets and ledger stay for accounting. Sessions and notes go. A second delete only
    /// answers the obfuscated member again.
    /// </summary>
    public async Task<UserInfoResults> DeleteAsync(User member, CancellationToken cancellationToken)
    {
        if (!member.Obfuscated)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            member.FirstName = "Deleted";
            member.LastName = "Deleted";
            member.Username = $"{member.Id}@{DeletedDomain}";
            member.UsernameNormalized = member.Username;
            member.PasswordHash = null;
            member.Gender = null;
            member.Birthday = null;
            member.PhoneNumber = null;
            member.AuthenticationPointIdentifier = null;
            member.AuxiliaryIdentifier = null;
            member.AddressStreetname = null;
            member.AddressHousenumber = null;
            member.AddressHousenumberExtension = null;
            member.AddressLine2 = null;
            member.AddressLine3 = null;
            member.AddressTowncity = null;
            member.AddressRegionstate = null;
            member.AddressPostalcode = null;
            member.AffiliateCode = null;
            member.OptInSecondary = null;
            member.MailingListSubOffered = false;
            member.MailingListSubscribed = false;
            member.PrintedMailingListSubscribed = false;
            member.ProgrammeOptedIn = false;
            member.JoinDate = null;
            member.Registered = false;
            member.Obfuscated = true;
            member.UpdatedAt = now;
            await db.Sessions.Where(s => s.UserId == member.Id).ExecuteDeleteAsync(cancellationToken);
            await db.CrossSiteTokens.Where(t => t.UserId == member.Id).ExecuteDeleteAsync(cancellationToken);
            await db.UserNotes.Where(n => n.UserId == member.Id).ExecuteDeleteAsync(cancellationToken);
            await db.MemberSearchTerms.Where(t => t.UserId == member.Id).ExecuteDeleteAsync(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await events.ShopperAsync(member, EventTypes.ShopperDeleted, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        return new UserInfoResults(await userInfo.ReadAsync(member, cancellationToken));
    }

    /// <summary>spec 426: a numeric member number above the app's configured maximum.</summary>
    private static bool OutOfRange(string memberNumber, App? app) =>
        app?.MemberNumberMax is { } max && long.TryParse(memberNumber, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > max;

    private sealed record Stores(int? SignupStoreId, int? HomeStoreId);

    /// <summary>store_id wins over branch_business_owner_code (spec); every store must be a branch of the chain (144).</summary>
    private async Task<Outcome<Stores>> ResolveStoresAsync(int chainId, MemberInput input, CancellationToken cancellationToken)
    {
        int? signup = null, home = null;
        if (input.StoreId is { } storeId)
        {
            if (!await db.Businesses.AnyAsync(b => b.Id == storeId && b.ChainId == chainId, cancellationToken))
            {
                return ErrorCodes.BusinessIdNotFound.With("store_id is not a branch of this chain");
            }
            signup = storeId;
        }
        else if (input.BranchBusinessOwnerCode is { } ownerCode)
        {
            signup = await db.Businesses.Where(b => b.ChainId == chainId && b.OwnerCode == ownerCode).Select(b => (int?)b.Id).FirstOrDefaultAsync(cancellationToken);
            if (signup is null)
            {
                return ErrorCodes.BusinessIdNotFound.With("branch_business_owner_code is not a branch of this chain");
            }
        }
        if (input.HomeStoreId is { } homeId)
        {
            if (!await db.Businesses.AnyAsync(b => b.Id == homeId && b.ChainId == chainId, cancellationToken))
            {
                return ErrorCodes.BusinessIdNotFound.With("home_store_id is not a branch of this chain");
            }
            home = homeId;
        }
        return new Stores(signup, home);
    }

    /// <summary>Six lowercase letters and digits from the CSPRNG, unused so far (the unique index has the last word).</summary>
    private async Task<string> NewReferralCodeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var code = NewMember.ReferralCode();
            if (!await db.Users.AnyAsync(u => u.ReferralCode == code, cancellationToken))
            {
                return code;
            }
        }
    }

    private async Task<string> FreeMemberNumberAsync(int chainId, string preferred, CancellationToken cancellationToken)
    {
        var candidate = preferred;
        while (await db.Users.AnyAsync(u => u.ChainId == chainId && u.MemberNumber == candidate, cancellationToken))
        {
            candidate = System.Security.Cryptography.RandomNumberGenerator.GetString("0123456789", 12);
        }
        return candidate;
    }

    /// <summary>Rewrites the member's search terms in the current transaction.</summary>
    private async Task ReplaceSearchTermsAsync(User member, bool isNew, CancellationToken cancellationToken)
    {
        if (!isNew)
        {
            await db.MemberSearchTerms.Where(t => t.UserId == member.Id).ExecuteDeleteAsync(cancellationToken);
        }
        foreach (var term in SearchTerms.For(member.FirstName, member.LastName, member.Username, member.MemberNumber))
        {
            db.MemberSearchTerms.Add(new MemberSearchTerm { ChainId = member.ChainId, UserId = member.Id, Term = term });
        }
    }
}
