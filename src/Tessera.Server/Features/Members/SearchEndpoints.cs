using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tessera.Domain.Members;
using Tessera.Server.Auth;
using Tessera.Server.Data;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Members;

/// <summary>
/// <c>POST /search/users</c> (spec lines 1693-1767), a "services" endpoint: it answers with the bare
/// array of its sample. Admins with read permission on the chain only.
/// </summary>
public static class SearchEndpoints
{
    public const int DefaultCount = 25;
    public const int MaxCount = 100;

    public static IEndpointRouteBuilder MapSearchEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/search/users", SearchUsers).WithName("search-users");
        return app;
    }

    private static async Task<IResult> SearchUsers(HttpRequest request, Caller caller, TesseraDbContext db, CancellationToken ct)
    {
        if (ChainScope.Admit(caller, ChainRule.AdminParamOrSessionChain) is { } denied)
        {
            return Spaaza.Error(denied);
        }
        var p = await SpaazaParams.ReadAsync(request, ct);
        var chain = ChainScope.Resolve(caller, p, ChainRule.AdminParamOrSessionChain, sessionChain: caller.SessionChainId);
        var page = p.Int("page", ErrorCodes.ParameterSuppliedNotInteger) ?? 1;
        var count = p.Int("count", ErrorCodes.ParameterSuppliedNotInteger) ?? DefaultCount;
        var optedIn = p.Bool("opted_in");
        var query = p.Text("query", 256, ErrorCodes.SearchStringLengthError);
        if ((p.Failure ?? chain.Failure) is { } failure)
        {
            return Spaaza.Error(failure);
        }
        if (page < 1 || count < 1)
        {
            return Spaaza.Error(ErrorCodes.ParameterInvalid.With("page and count start at 1"));
        }
        if (ChainScope.Authorize(caller, chain.Value, Permission.Read) is { } forbidden)
        {
            return Spaaza.Error(forbidden);
        }

        var id = chain.Value;
        var members = db.Users.AsNoTracking().Where(u => u.ChainId == id && !u.IsAdmin && !u.Obfuscated);
        // Each word must start one of the member's terms: a range scan of (chain_id, term) per word.
        foreach (var word in SearchTerms.QueryWords(query))
        {
            var end = SearchTerms.PrefixEnd(word);
            var matching = db.MemberSearchTerms.Where(t => t.ChainId == id && string.Compare(t.Term, word) >= 0 && string.Compare(t.Term, end) < 0).Select(t => t.UserId);
            members = members.Where(u => matching.Contains(u.Id));
        }
        if (optedIn is { } wanted)
        {
            members = members.Where(u => u.ProgrammeOptedIn == wanted);
        }
        var rows = await members.OrderBy(u => u.Id).Skip((page - 1) * Math.Min(count, MaxCount)).Take(Math.Min(count, MaxCount))
            .Select(u => new
            {
                u.Id,
                u.MemberNumber,
                u.Username,
                u.FirstName,
                u.LastName,
                u.CreatedAt,
                u.Gender,
                u.Birthday,
                u.ProgrammeOptedIn,
                u.CountryCode,
                u.SignupStoreId,
            })
            .ToListAsync(ct);
        var results = rows.Select(u => new SearchedUser(
            u.Id,
            new SearchedEntityCode(u.MemberNumber ?? u.Id.ToString(CultureInfo.InvariantCulture)),
            u.Username,
            u.FirstName,
            u.LastName,
            Zulu(u.CreatedAt),
            u.Gender,
            u.Birthday is { } birthday ? Zulu(birthday) : null,
            u.ProgrammeOptedIn,
            u.CountryCode,
            u.SignupStoreId?.ToString(CultureInfo.InvariantCulture) ?? "")).ToList();
        return Results.Json(results, SpaazaJsonContext.Plain.ListSearchedUser);
    }

    /// <summary>The services endpoints' date format: <c>2017-10-19T12:46:34Z</c>.</summary>
    private static string Zulu(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
