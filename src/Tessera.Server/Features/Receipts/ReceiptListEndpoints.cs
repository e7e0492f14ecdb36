using System.Globalization;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Tessera.Server.Auth;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;
using Tessera.Server.Features.Baskets;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Receipts;

/// <summary>
/// <c>GET /get-receipts</c> and <c>GET /get-receipts.csv</c> (spec lines 6060-6400): a chain's receipts by the filters
/// of the spec's table, baskets' and standalone returns' (<see cref="ReturnReceipts"/>), oldest first. JSON pages hold
/// at most 500; the CSV has every receipt unless number_results limits it, and is streamed a page at a time.
/// </summary>
public static class ReceiptListEndpoints
{
    public const int MaxJsonResults = 500;

    public static IEndpointRouteBuilder MapReceiptListEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/get-receipts", GetReceipts).WithName("get-receipts");
        return app;
    }

    private static async Task<IResult> GetReceipts(HttpContext context, Caller caller, TesseraDbContext db, ReceiptReader reader, ReceiptLinks links, TimeProvider clock, CancellationToken ct)
    {
        if (ChainScope.Admit(caller, ChainRule.AdminParamOrPrivilegedParamOrOwn) is { } denied)
        {
            return Spaaza.Error(denied);
        }
        var p = await SpaazaParams.ReadAsync(context.Request, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var chain = ChainScope.Resolve(caller, p, ChainRule.AdminParamOrPrivilegedParamOrOwn);
        var userId = p.Int("user_id", ErrorCodes.UserIdInvalid);
        var minCreated = SpaazaInstants.Instant(p, "min_created_datetime", "min_created_datetime_relative", now);
        var maxCreated = SpaazaInstants.Instant(p, "max_created_datetime", "max_created_datetime_relative", now);
        var branchId = p.Int("branch_business_id", ErrorCodes.BusinessIdInvalid);
        var branchCode = p.Text("branch_business_owner_code");
        var code = p.Text("retailer_basket_code");
        var number = p.Int("number_results", ErrorCodes.ParameterSuppliedNotInteger);
        var offset = p.Int("results_offset", ErrorCodes.ParameterSuppliedNotInteger) ?? 0;
        if ((p.Failure ?? chain.Failure) is { } failure)
        {
            return Spaaza.Error(failure);
        }
        if (branchId is not null && !string.IsNullOrEmpty(branchCode))
        {
            // spec: "If both this parameter and the branch_business_owner_code parameter are passed, an error is generated."
            return Spaaza.Error(ErrorCodes.ParameterInvalid.With("pass branch_business_id or branch_business_owner_code, not both"));
        }
        if (number is < 1 || offset < 0)
        {
            return Spaaza.Error(ErrorCodes.ParameterInvalid.With("number_results starts at 1 and results_offset at 0"));
        }
        var chainId = chain.Value;
        if (ChainScope.Authorize(caller, chainId, Permission.Read) is { } forbidden)
        {
            return Spaaza.Error(forbidden);
        }

        // Who and where filter a standalone return by its original basket (its shopper and branch, ReturnReceipts).
        var owned = db.Baskets.AsNoTracking().Where(b => b.ChainId == chainId);
        if (userId is { } user)
        {
            owned = owned.Where(b => b.UserId == user);
        }
        if (branchId is { } branch)
        {
            owned = owned.Where(b => b.BusinessId == branch);
        }
        else if (!string.IsNullOrEmpty(branchCode))
        {
            var branches = db.Businesses.Where(s => s.ChainId == chainId && s.OwnerCode == branchCode).Select(s => (int?)s.Id);
            owned = owned.Where(b => branches.Contains(b.BusinessId));
        }
        var baskets = owned;
        var returns = reader.Standalone(chainId).Where(t => owned.Any(b => b.Id == t.OriginalBasketId));
        if (minCreated is { } from)
        {
            baskets = baskets.Where(b => b.PurchasedAt >= from);
            returns = returns.Where(t => t.CreatedAt >= from);
        }
        if (maxCreated is { } until)
        {
            baskets = baskets.Where(b => b.PurchasedAt <= until);
            returns = returns.Where(t => t.CreatedAt <= until);
        }
        if (!string.IsNullOrEmpty(code))
        {
            baskets = baskets.Where(b => b.RetailerBasketCode == code);
            returns = returns.Where(t => t.ReturnOwnerCode == code);
        }
        // Baskets and standalone returns (ids negated, ReturnReceipts.BasketId) as they were stored; at the same moment, returns after baskets.
        var keys = baskets.Select(b => new { b.Id, At = b.CreatedAt }).Concat(returns.Select(t => new { Id = -t.Id, At = t.CreatedAt }))
            .OrderBy(k => k.At).ThenBy(k => k.Id < 0 ? 1 : 0).ThenBy(k => k.Id < 0 ? -k.Id : k.Id).Skip(offset).Select(k => k.Id);

        if (UrlForms.WantsCsv(context))
        {
            await WriteCsvAsync(context, db, reader, number is { } n ? keys.Take(n) : keys, ct);
            return Results.Empty;
        }
        var receipts = await ReadAsync(reader, await keys.Take(Math.Min(number ?? MaxJsonResults, MaxJsonResults)).ToListAsync(ct), ct);
        var urls = new List<string>(receipts.Count);
        foreach (var r in receipts)
        {
            urls.Add(await links.CreateAsync(r.Basket.Id, ct));
        }
        return Spaaza.OkJson("get-receipts", BasketView.ToUtf8(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("receipts");
            for (var i = 0; i < receipts.Count; i++)
            {
                ReceiptChainJson.Write(w, receipts[i], urls[i]);
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }));
    }

    /// <summary>The receipts of <paramref name="ids"/> (baskets', and standalone returns' negated), in their order.</summary>
    private static async Task<List<Receipt>> ReadAsync(ReceiptReader reader, List<long> ids, CancellationToken ct)
    {
        var basketIds = ids.Where(i => i > 0).ToList();
        var returnIds = ids.Where(i => i < 0).Select(i => -i).ToList();
        var read = (await reader.ReadAsync(reader.Baskets.Where(b => basketIds.Contains(b.Id)), ct))
            .Concat(await reader.ReadReturnsAsync(reader.ReturnTransactions.Where(t => returnIds.Contains(t.Id)), ct))
            .ToDictionary(r => r.Basket.Id);
        return [.. ids.Select(i => read[i])];
    }

    /// <summary>
    /// Streams the CSV (spec: "the response is streamed, the API server does not buffer receipts"): the ids in order
    /// are read first, then pages of <see cref="MaxJsonResults"/> rows, each written as soon as its page is read. A
    /// basket's row holds only the columns of <see cref="ReceiptCsv.Columns"/>; a standalone return's is its receipt's.
    /// </summary>
    private static async Task WriteCsvAsync(HttpContext context, TesseraDbContext db, ReceiptReader reader, IQueryable<long> keys, CancellationToken ct)
    {
        context.Response.ContentType = "application/force-download";
        context.Response.Headers.ContentDisposition = "attachment; filename=\"receipts.csv\"";
        var ids = await keys.ToListAsync(ct);
        await using var csv = CsvWriter.Create(context.Response.Body, CsvWriterOptions.Default, true);
        foreach (var column in ReceiptCsv.Columns)
        {
            csv.WriteField(column);
        }
        await csv.EndRecordAsync(ct);
        foreach (var page in ids.Chunk(MaxJsonResults))
        {
            var basketIds = page.Where(i => i > 0).ToList();
            var returnIds = page.Where(i => i < 0).Select(i => -i).ToList();
            var rows = await (from b in db.Baskets.AsNoTracking().Where(b => basketIds.Contains(b.Id))
                              join u in db.Users on b.UserId equals u.Id into us
                              from u in us.DefaultIfEmpty()
                              join s in db.Businesses on b.BusinessId equals s.Id into ss
                              from s in ss.DefaultIfEmpty()
                              select new ReceiptCsvRow(b.Id, b.RetailerBasketCode, b.PurchasedAt, b.PlatformType, b.PurchaseItemCount, b.CurrencyId, b.AdjustedTotalCents,
                                  b.TaxesJson, b.ShippingCents, b.EmployeeCode, b.EmployeeName, b.BusinessId, s != null ? s.Name : null, s != null ? s.OwnerCode : null,
                                  b.UserId, b.MemberProgramme, u != null ? u.MemberNumber : null, u != null ? u.AuthenticationPointIdentifier : null,
                                  u != null ? u.Username : null, u != null ? u.FirstName : null, u != null ? u.LastName : null, u != null ? u.Gender : null,
                                  u != null ? u.Birthday : null, u != null ? u.CountryCode : null, u != null ? u.AddressPostalcode : null, b.Notes)).ToDictionaryAsync(r => r.Id, ct);
            foreach (var r in await reader.ReadReturnsAsync(reader.ReturnTransactions.Where(t => returnIds.Contains(t.Id)), ct))
            {
                rows[r.Basket.Id] = ReceiptCsv.Row(r);
            }
            foreach (var id in page)
            {
                foreach (var field in ReceiptCsv.Fields(rows[id]))
                {
                    csv.WriteField(field);
                }
                await csv.EndRecordAsync(ct);
            }
            await csv.FlushAsync(ct);
        }
        await csv.FlushAsync(ct);
    }
}
