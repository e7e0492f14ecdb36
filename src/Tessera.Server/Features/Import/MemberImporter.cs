using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Tessera.Domain.Members;
using Tessera.Server.Auth;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;
using Tessera.Server.Data.Sql;
using Tessera.Server.Features.Members;
using Tessera.Server.Features.Sessions;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Import;

/// <summary>
/// <c>import members</c>: members from a CSV file whose columns are add-user's parameters, with a member number on every
/// row. Each row is validated as add-user validates it (<see cref="MemberInput.Read"/>) and made as add-user makes a
/// member (<see cref="NewMember.Create"/>, with its search terms); idempotent on the member number: a member number the
/// chain already has is left as it is. Rows are written in batches, one transaction each. No sign-up campaign rewards
/// and no member_created events: the members are not new to the retailer (docs/spec-choices.md). See
/// docs/adr/0042-import-in-batches.md.
/// </summary>
public sealed class MemberImporter(TesseraDbContext db, Passwords passwords, RowIds rowIds, TimeProvider clock)
{
    /// <summary>add-user's member parameters that an import takes (referral_code names a referrer: not imported).</summary>
    public static readonly IReadOnlySet<string> Columns = new HashSet<string>(StringComparer.Ordinal)
    {
        "username", "password", "first_name", "last_name", "gender", "birthday", "country_code", "language", "phone_number",
        "address_streetname", "address_housenumber", "address_housenumber_extension", "address_line_2", "address_line_3",
        "address_towncity", "address_regionstate", "address_postalcode", "authentication_point_identifier", "auxiliary_identifier",
        "member_number", "mailing_list_sub_offered", "mailing_list_subscribed", "printed_mailing_list_subscribed", "programme_opted_in",
        "opt_in_secondary", "registered", "is_employee", "store_id", "branch_business_owner_code", "home_store_id", "affiliate_code",
    };

    private sealed record Candidate(CsvRow Row, MemberInput Input, string Username, string MemberNumber, int? SignupStoreId, int? HomeStoreId);

    public async Task<Outcome<ImportReport>> ImportAsync(ImportRequest request, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        if (!await db.Chains.AnyAsync(c => c.Id == request.ChainId, cancellationToken))
        {
            return ErrorCodes.PermissionDeniedOrNonExistent.With($"no chain has id {request.ChainId}");
        }
        using var csv = new CsvRows(request.Path);
        if (csv.Header.FirstOrDefault(h => !Columns.Contains(h)) is { } unknown)
        {
            return ErrorCodes.ParameterInvalid.With($"column '{unknown}' is not an add-user parameter that an import takes");
        }
        if (csv.Column("member_number") < 0 || csv.Column("username") < 0)
        {
            return ErrorCodes.HttpVarsMissing.With("the file needs the columns username and member_number");
        }
        var branches = await db.Businesses.AsNoTracking().Where(b => b.ChainId == request.ChainId).Select(b => new { b.Id, b.OwnerCode }).ToListAsync(cancellationToken);
        var branchIds = branches.Select(b => b.Id).ToHashSet();
        var ownerCodes = branches.Where(b => b.OwnerCode != null).ToDictionary(b => b.OwnerCode!, b => b.Id, StringComparer.Ordinal);

        File.Delete(request.RejectsFile);
        using var rejects = new RejectsFile(request.RejectsFile);
        // Member numbers and usernames met so far in the file: a second row with one of them is rejected.
        var numbersSeen = new Dictionary<string, long>(StringComparer.Ordinal);
        var usernamesSeen = new Dictionary<string, long>(StringComparer.Ordinal);
        long rows = 0, created = 0, unchanged = 0;
        for (var batch = csv.Next(request.BatchSize); batch.Count > 0; batch = csv.Next(request.BatchSize))
        {
            var candidates = new List<Candidate>(batch.Count);
            foreach (var row in batch)
            {
                var (candidate, reason) = Validate(csv.Header, row, branchIds, ownerCodes);
                if (candidate is not null)
                {
                    if (numbersSeen.TryGetValue(candidate.MemberNumber, out var earlier))
                    {
                        rejects.Add(row.Line, candidate.MemberNumber, $"member_number repeats line {earlier}");
                    }
                    else if (usernamesSeen.TryGetValue(candidate.Username, out var other))
                    {
                        rejects.Add(row.Line, candidate.MemberNumber, $"username repeats line {other}");
                    }
                    else
                    {
                        numbersSeen[candidate.MemberNumber] = row.Line;
                        usernamesSeen[candidate.Username] = row.Line;
                        candidates.Add(candidate);
                    }
                }
                else
                {
                    rejects.Add(row.Line, Field(csv.Header, row, "member_number") ?? "", reason!);
                }
            }
            var (written, existing) = await WriteAsync(request, candidates, rejects, cancellationToken);
            created += written;
            unchanged += existing;
            rows += batch.Count;
            request.Progress?.Invoke(rows);
        }
        var seconds = watch.Elapsed.TotalSeconds;
        return new ImportReport("members", request.DryRun, rows, created, unchanged, rejects.Count, rejects.Path, Math.Round(seconds, 2), Math.Round(rows / Math.Max(seconds, 1e-3)));
    }

    private static string? Field(string[] header, CsvRow row, string name)
    {
        var index = Array.IndexOf(header, name);
        return index < 0 || row.Fields[index].Length == 0 ? null : row.Fields[index];
    }

    /// <summary>The row's parameters as add-user receives them: empty cells are not sent.</summary>
    private static SpaazaParams Parameters(string[] header, CsvRow row) =>
        SpaazaParams.From(header.Select((name, i) => KeyValuePair.Create(name, row.Fields[i])).Where(p => p.Value.Length > 0));

    /// <summary>The row as a member to add, or why add-user would refuse it.</summary>
    private static (Candidate? Candidate, string? Reason) Validate(string[] header, CsvRow row, HashSet<int> branchIds, Dictionary<string, int> ownerCodes)
    {
        var p = Parameters(header, row);
        var input = MemberInput.Read(p);
        if (p.Failure is { } failure)
        {
            return (null, Describe(failure));
        }
        if (input.Username is null)
        {
            return (null, Describe(ErrorCodes.HttpVarsMissing.With("username is required")));
        }
        if (string.IsNullOrEmpty(input.MemberNumber))
        {
            return (null, Describe(ErrorCodes.HttpVarsMissing.With("member_number is required to import")));
        }
        var (signup, home, storeProblem) = Stores(input, branchIds, ownerCodes);
        return storeProblem is null
            ? (new Candidate(row, input, SessionService.NormalizeUsername(input.Username), input.MemberNumber, signup, home), null)
            : (null, Describe(storeProblem));
    }

    private static string Describe(ApiFailure failure) => failure.Describe();

    /// <summary>add-user's rule: store_id wins over branch_business_owner_code; every store is a branch of the chain (144).</summary>
    private static (int? Signup, int? Home, ApiFailure? Problem) Stores(MemberInput input, HashSet<int> branchIds, Dictionary<string, int> ownerCodes)
    {
        int? signup = null;
        if (input.StoreId is { } storeId)
        {
            if (!branchIds.Contains(storeId))
            {
                return (null, null, ErrorCodes.BusinessIdNotFound.With("store_id is not a branch of this chain"));
            }
            signup = storeId;
        }
        else if (input.BranchBusinessOwnerCode is { } code)
        {
            if (!ownerCodes.TryGetValue(code, out var id))
            {
                return (null, null, ErrorCodes.BusinessIdNotFound.With("branch_business_owner_code is not a branch of this chain"));
            }
            signup = id;
        }
        if (input.HomeStoreId is { } homeId && !branchIds.Contains(homeId))
        {
            return (null, null, ErrorCodes.BusinessIdNotFound.With("home_store_id is not a branch of this chain"));
        }
        return (signup, input.HomeStoreId, null);
    }

    /// <summary>
    /// Writes the batch's new members in one transaction: members whose number the chain has are unchanged, those whose
    /// username another member of the chain has are rejected. A concurrent writer taking a number or username first
    /// fails the transaction; the batch is then sorted again.
    /// </summary>
    private async Task<(long Created, long Unchanged)> WriteAsync(ImportRequest request, List<Candidate> candidates, RejectsFile rejects, CancellationToken cancellationToken)
    {
        var chainId = request.ChainId;
        for (var attempt = 1; ; attempt++)
        {
            var numbers = candidates.Select(c => c.MemberNumber).ToList();
            var usernames = candidates.Select(c => c.Username).ToList();
            // One statement, so one snapshot: a member committed meanwhile by another import is seen by its number
            // and its username alike (it is unchanged, not a username taken by someone else).
            var existing = await db.Users.AsNoTracking()
                .Where(u => (u.ChainId == chainId && !u.IsAdmin && numbers.Contains(u.MemberNumber!)) || (u.UsernameScope == chainId && usernames.Contains(u.UsernameNormalized)))
                .Select(u => new { u.MemberNumber, u.UsernameNormalized }).ToListAsync(cancellationToken);
            var existingNumbers = existing.Where(u => u.MemberNumber != null).Select(u => u.MemberNumber!).ToHashSet(StringComparer.Ordinal);
            var takenUsernames = existing.DistinctBy(u => u.UsernameNormalized).ToDictionary(u => u.UsernameNormalized, u => u.MemberNumber, StringComparer.Ordinal);
            var fresh = new List<Candidate>(candidates.Count);
            var rejected = new List<(Candidate Candidate, string Reason)>();
            foreach (var candidate in candidates)
            {
                if (existingNumbers.Contains(candidate.MemberNumber))
                {
                    continue;
                }
                if (takenUsernames.TryGetValue(candidate.Username, out var owner))
                {
                    rejected.Add((candidate, Describe(ErrorCodes.UserAlreadyExists.With($"username belongs to member number {owner}"))));
                    continue;
                }
                fresh.Add(candidate);
            }
            var unchanged = candidates.Count - fresh.Count - rejected.Count;
            if (request.DryRun || fresh.Count == 0)
            {
                Reject(rejects, rejected);
                return (fresh.Count, unchanged);
            }
            try
            {
                await InsertAsync(chainId, fresh, cancellationToken);
                Reject(rejects, rejected);
                return (fresh.Count, unchanged);
            }
            catch (Exception ex) when (attempt < 3 && ex is DbUpdateException or Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
            {
                // A concurrent writer took a member number, username or referral code first.
                db.ChangeTracker.Clear();
                rowIds.Forget();
            }
        }
    }

    private static void Reject(RejectsFile rejects, List<(Candidate Candidate, string Reason)> rejected)
    {
        foreach (var (candidate, reason) in rejected)
        {
            rejects.Add(candidate.Row.Line, candidate.MemberNumber, reason);
        }
    }

    private async Task InsertAsync(int chainId, List<Candidate> fresh, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var codes = await ReferralCodesAsync(fresh.Count, cancellationToken);
        var members = new List<User>(fresh.Count);
        for (var i = 0; i < fresh.Count; i++)
        {
            var c = fresh[i];
            var hash = string.IsNullOrEmpty(c.Input.Password) ? null : await passwords.HashAsync(c.Input.Password);
            members.Add(NewMember.Create(chainId, c.Input, hash, signupChannel: null, referrerId: null, c.SignupStoreId, c.HomeStoreId, codes[i], now));
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (db.IsPostgres)
        {
            // COPY, with the members' ids reserved first for their search terms (ADR 0042).
            for (var i = 0; i < members.Count; i++)
            {
                members[i].Id = checked((int)await rowIds.NextAsync("users", members.Count - i, cancellationToken));
            }
            await PostgresCopy.CopyAsync(db, members, withKey: true, cancellationToken);
            await PostgresCopy.CopyAsync(db, SearchTermsOf(chainId, members), withKey: false, cancellationToken);
        }
        else
        {
            db.Users.AddRange(members);
            await db.SaveChangesAsync(cancellationToken);
            db.MemberSearchTerms.AddRange(SearchTermsOf(chainId, members));
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        rowIds.Forget();
    }

    private static List<MemberSearchTerm> SearchTermsOf(int chainId, List<User> members) =>
        [.. members.SelectMany(m => SearchTerms.For(m.FirstName, m.LastName, m.Username, m.MemberNumber)
            .Select(term => new MemberSearchTerm { ChainId = chainId, UserId = m.Id, Term = term }))];

    /// <summary><paramref name="count"/> referral codes, distinct and unused so far (the unique index has the last word).</summary>
    private async Task<List<string>> ReferralCodesAsync(int count, CancellationToken cancellationToken)
    {
        var codes = new HashSet<string>(StringComparer.Ordinal);
        while (codes.Count < count)
        {
            var wanted = Enumerable.Range(0, count - codes.Count).Select(_ => NewMember.ReferralCode()).Where(c => !codes.Contains(c)).Distinct().ToList();
            var used = await db.Users.AsNoTracking().Where(u => wanted.Contains(u.ReferralCode!)).Select(u => u.ReferralCode!).ToListAsync(cancellationToken);
            codes.UnionWith(wanted.Except(used));
        }
        return [.. codes];
    }
}
