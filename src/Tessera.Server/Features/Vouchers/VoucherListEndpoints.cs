using System.Globalization;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Tessera.Domain.Ledger;
using Tessera.Domain.Reference;
using Tessera.Domain.Vouchers;
using Tessera.Server.Auth;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Vouchers;

/// <summary><c>GET /get-vouchers</c> and <c>GET /get-vouchers.csv</c> (spec lines 3096-3294): a chain's vouchers by filter.</summary>
public static class VoucherListEndpoints
{
    public const int MaxJsonResults = 500;

    /// <summary>The CSV columns in the order of the spec's table (which wins over the sample's header line).</summary>
    public static readonly string[] CsvColumns =
    [
        "voucher_id", "voucher_key", "voucher_status", "type", "voucher_created_datetime", "voucher_expiry_datetime",
        "voucher_redeemed_datetime", "voucher_locked", "voucher_locked_until_datetime", "voucher_retailer_basket_code_exclusive",
        "voucher_amount", "voucher_amount_redeemed", "voucher_text", "voucher_currency_code", "voucher_currency_symbol",
        "campaign_id", "campaign_type", "campaign_title", "customer_spaaza_user_id", "customer_member_number",
        "customer_authentication_point_identifier", "customer_username", "customer_first_name", "customer_last_name",
        "customer_mailing_list_subscribed", "customer_printed_mailing_list_subscribed", "voucher_redeeming_basket_id",
        "voucher_redeeming_basket_retailer_basket_code", "voucher_redeeming_basket_platform_type",
        "voucher_redeeming_basket_branch_business_id", "voucher_redeeming_basket_branch_business_owner_code",
        "voucher_redeeming_basket_total_value", "voucher_locking_code", "voucher_honour_code", "voucher_title",
        "voucher_description", "voucher_image_url", "voucher_discount_ratio",
    ];

    public static IEndpointRouteBuilder MapVoucherListEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/get-vouchers", GetVouchers).WithName("get-vouchers");
        return app;
    }

    private sealed record Query(IQueryable<Voucher> Vouchers, int? Take, int Skip);

    private static async Task<IResult> GetVouchers(HttpContext context, Caller caller, TesseraDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (ChainScope.Admit(caller, ChainRule.AdminParamOrPrivilegedParamOrOwn) is { } denied)
        {
            return Spaaza.Error(denied);
        }
        var p = await SpaazaParams.ReadAsync(context.Request, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var chain = ChainScope.Resolve(caller, p, ChainRule.AdminParamOrPrivilegedParamOrOwn);
        var campaignId = p.Int("campaign_id", ErrorCodes.ParameterSuppliedNotInteger);
        var userId = p.Int("user_id", ErrorCodes.UserIdInvalid);
        var excludeRegenerated = p.Bool("exclude_regenerated") ?? false;
        var showRedeemed = p.Bool("show_redeemed") ?? false;
        var showAll = p.Bool("show_all_statuses") ?? false;
        var showExpired = p.Bool("show_expired") ?? false;
        var minRedeemed = SpaazaInstants.Absolute(p, "min_redeemed_datetime");
        var maxRedeemed = SpaazaInstants.Absolute(p, "max_redeemed_datetime");
        var minCreated = SpaazaInstants.Instant(p, "min_created_datetime", "min_created_datetime_relative", now);
        var maxCreated = SpaazaInstants.Instant(p, "max_created_datetime", "max_created_datetime_relative", now);
        var minExpiry = SpaazaInstants.Instant(p, "min_expiry_datetime", "min_expiry_datetime_relative", now);
        var maxExpiry = SpaazaInstants.Instant(p, "max_expiry_datetime", "max_expiry_datetime_relative", now);
        var number = p.Int("number_results", ErrorCodes.ParameterSuppliedNotInteger);
        var offset = p.Int("results_offset", ErrorCodes.ParameterSuppliedNotInteger) ?? 0;
        if ((p.Failure ?? chain.Failure) is { } failure)
        {
            return Spaaza.Error(failure);
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

        var vouchers = db.Vouchers.AsNoTracking().Where(v => v.ChainId == chainId && v.DeletedAt == null);
        if (campaignId is { } campaign)
        {
            vouchers = vouchers.Where(v => v.CampaignId == campaign);
        }
        if (userId is { } user)
        {
            vouchers = vouchers.Where(v => v.UserId == user);
        }
        if (excludeRegenerated)
        {
            vouchers = vouchers.Where(v => v.ParentVoucherId == null);
        }
        if (showAll)
        {
            // spec: any status; expiry only filters when asked for.
            if (showExpired)
            {
                vouchers = vouchers.Where(v => v.ExpiresAt != null && v.ExpiresAt <= now);
            }
        }
        else if (showRedeemed)
        {
            // spec: redeemed vouchers whatever their expiry, within the redeemed window.
            vouchers = vouchers.Where(v => v.Status == "redeemed");
            if (minRedeemed is { } from)
            {
                vouchers = vouchers.Where(v => v.RedeemedAt >= from);
            }
            if (maxRedeemed is { } until)
            {
                vouchers = vouchers.Where(v => v.RedeemedAt <= until);
            }
        }
        else
        {
            vouchers = vouchers.Where(v => v.Status != "redeemed");
            vouchers = showExpired
                ? vouchers.Where(v => v.ExpiresAt != null && v.ExpiresAt <= now)
                : vouchers.Where(v => v.ExpiresAt == null || v.ExpiresAt > now);
        }
        if (minCreated is { } createdFrom)
        {
            vouchers = vouchers.Where(v => v.CreatedAt >= createdFrom);
        }
        if (maxCreated is { } createdUntil)
        {
            vouchers = vouchers.Where(v => v.CreatedAt <= createdUntil);
        }
        if (!showRedeemed || showAll)
        {
            if (minExpiry is { } expiryFrom)
            {
                vouchers = vouchers.Where(v => v.ExpiresAt >= expiryFrom);
            }
            if (maxExpiry is { } expiryUntil)
            {
                vouchers = vouchers.Where(v => v.ExpiresAt <= expiryUntil);
            }
        }
        vouchers = vouchers.OrderBy(v => v.Id);

        if (UrlForms.WantsCsv(context))
        {
            await WriteCsvAsync(context, db, vouchers.Skip(offset), number, now, ct);
            return Results.Empty;
        }
        var total = await vouchers.CountAsync(ct);
        var page = await vouchers.Skip(offset).Take(Math.Min(number ?? MaxJsonResults, MaxJsonResults)).ToListAsync(ct);
        var campaignIds = page.Where(v => v.CampaignId != null).Select(v => v.CampaignId!.Value).Distinct().ToList();
        var userIds = page.Where(v => v.UserId != null).Select(v => v.UserId!.Value).Distinct().ToList();
        var campaigns = await db.Campaigns.AsNoTracking().Where(c => campaignIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, ct);
        var items = page.Select(v =>
        {
            var owner = v.UserId is { } id ? users.GetValueOrDefault(id) : null;
            var view = VoucherView.Build(v, v.CampaignId is { } c ? campaigns.GetValueOrDefault(c) : null, owner, now);
            view["user"] = VoucherView.Owner(owner);
            return view;
        }).ToList();
        return ApiVersions.Current(context.Request, VersionedAnswer.VouchersArray)
            ? Spaaza.Ok("get-vouchers", new VoucherListResults(total, items))
            : Spaaza.Ok("get-vouchers", new LegacyVoucherListResults(total, items));
    }

    /// <summary>
    /// Streams the CSV (spec: "the response is streamed"): rows are read from the database one at a time
    /// and written as they come, so the first bytes leave before the query has finished.
    /// </summary>
    private static async Task WriteCsvAsync(HttpContext context, TesseraDbContext db, IQueryable<Voucher> vouchers, int? number, DateTime now, CancellationToken ct)
    {
        context.Response.ContentType = "application/force-download";
        context.Response.Headers.ContentDisposition = "attachment; filename=\"vouchers.csv\"";
        var rows = from v in number is { } n ? vouchers.Take(n) : vouchers
                   join c in db.Campaigns on v.CampaignId equals c.Id into cs
                   from c in cs.DefaultIfEmpty()
                   join u in db.Users on v.UserId equals u.Id into us
                   from u in us.DefaultIfEmpty()
                   select new { Voucher = v, CampaignType = c != null ? c.Type : null, CampaignTitle = c != null ? c.Title : null, User = u };
        await using var csv = SpreadsheetSafeCsv.Create(context.Response.Body);
        foreach (var column in CsvColumns)
        {
            csv.WriteField(column);
        }
        await csv.EndRecordAsync(ct);
        await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(ct))
        {
            WriteRow(csv, row.Voucher, row.CampaignType, row.CampaignTitle, row.User, now);
            await csv.EndRecordAsync(ct);
        }
        await csv.FlushAsync(ct);
    }

    /// <summary>
    /// One voucher's line: numbers the system computes are written as numbers, everything else as text, which
    /// <see cref="SpreadsheetSafeCsv"/> keeps from being read as a formula.
    /// </summary>
    private static void WriteRow(CsvWriter csv, Voucher v, string? campaignType, string? campaignTitle, User? u, DateTime now)
    {
        var currency = v.CurrencyId is { } currencyId ? Currencies.FindById(currencyId) : null;
        csv.WriteField(v.Id, "");
        csv.WriteField(v.Key);
        csv.WriteField(v.Status);
        csv.WriteField(v.Type);
        csv.WriteField(SpaazaDates.Iso(v.CreatedAt));
        csv.WriteField(SpaazaDates.Iso(v.ExpiresAt) ?? "");
        csv.WriteField(SpaazaDates.Iso(v.RedeemedAt) ?? "");
        csv.WriteField(v.LockedUntil > now ? 1 : 0, "");
        csv.WriteField(SpaazaDates.Iso(v.LockedUntil) ?? "");
        csv.WriteField(v.RetailerBasketCodeExclusive ?? "");
        csv.WriteField(v.AmountOriginalCents is { } amount ? Cents.ToDecimal(amount) : (decimal?)null, "0.00");
        csv.WriteField(Cents.ToDecimal(v.AmountRedeemedCents), "0.00");
        csv.WriteField(v.Text ?? "");
        csv.WriteField(currency?.Code ?? "");
        csv.WriteField(currency?.Symbol ?? "");
        csv.WriteField(v.CampaignId, "");
        csv.WriteField(campaignType ?? "");
        csv.WriteField(campaignTitle ?? "");
        csv.WriteField(u?.Id, "");
        csv.WriteField(u?.MemberNumber ?? "");
        csv.WriteField(u?.AuthenticationPointIdentifier ?? "");
        csv.WriteField(u?.Username ?? "");
        csv.WriteField(u?.FirstName ?? "");
        csv.WriteField(u?.LastName ?? "");
        csv.WriteField(u is null ? (int?)null : u.MailingListSubscribed ? 1 : 0, "");
        csv.WriteField(u is null ? (int?)null : u.PrintedMailingListSubscribed ? 1 : 0, "");
        csv.WriteField(v.RedeemingBasketId, "");
        // The redeeming basket's code, platform, branch and total are not joined in: empty.
        for (var i = 0; i < 5; i++)
        {
            csv.WriteField("");
        }
        csv.WriteField(v.LockingCode ?? "");
        csv.WriteField(v.HonourCode ?? "");
        csv.WriteField(v.Title ?? "");
        csv.WriteField(v.Description ?? "");
        csv.WriteField(v.ImageUrl ?? "");
        csv.WriteField(v.DiscountRatioMilli is { } ratio ? ratio / 1000m : (decimal?)null, "0.###");
    }
}
