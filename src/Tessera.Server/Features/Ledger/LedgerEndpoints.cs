using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Tessera.Domain.Campaigns;
using Tessera.Domain.Ledger;
using Tessera.Domain.Reference;
using Tessera.Server.Auth;
using Tessera.Server.Data;
using Tessera.Server.Features.Campaigns;
using Tessera.Server.Features.Members;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Ledger;

/// <summary>add-user-purchase-progress (seed 000, spec lines 3295-3343) and user-wallet-ledger (3344-3543).</summary>
public static class LedgerEndpoints
{
    private static readonly string[] MemberOrder = ["user_id", "username", "member_number", "authentication_point_identifier"];
    private static readonly string[] LedgerOrder = ["user_id", "member_number", "authentication_point_identifier"];

    public static IEndpointRouteBuilder MapLedgerEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/auth/add-user-purchase-progress", AddUserPurchaseProgress).WithName("add-user-purchase-progress");
        app.MapGet("/user-wallet-ledger", UserWalletLedger).WithName("user-wallet-ledger");
        return app;
    }

    private static async Task<IResult> AddUserPurchaseProgress(
        HttpRequest request, Caller caller, TesseraDbContext db, MemberService members, LedgerService ledger, LoyaltyService loyalty, CancellationToken ct)
    {
        if (ChainScope.Admit(caller, ChainRule.AdminOrPrivilegedRow) is { } denied)
        {
            return Spaaza.Error(denied);
        }
        var p = await SpaazaParams.ReadAsync(request, ct);
        var reference = MemberAccess.Reference(p);
        var campaignId = p.RequiredInt("campaign_id", ErrorCodes.HttpVarsMissing, ErrorCodes.ParameterSuppliedNotInteger);
        var amountText = p.Text("amount");
        var logMessage = p.Text("log_message", 1024, ErrorCodes.StringParameterTooLong);
        if (p.Failure is { } failure)
        {
            return Spaaza.Error(failure);
        }
        if (string.IsNullOrEmpty(amountText))
        {
            return Spaaza.Error(ErrorCodes.CurrencyAmountNotPresent);
        }
        // spec 300: a decimal with "." and at most two decimals.
        if (!Cents.TryParse(amountText, out var cents))
        {
            return Spaaza.Error(ErrorCodes.CurrencyAmountInvalid);
        }
        if (cents == 0)
        {
            return Spaaza.Error(ErrorCodes.IllegalUserPurchaseProgressAmount.With("amount cannot be zero"));
        }
        if (string.IsNullOrEmpty(logMessage))
        {
            return Spaaza.Error(ErrorCodes.LogMessageNotPresent);
        }
        if (reference.IsEmpty)
        {
            return Spaaza.Error(ErrorCodes.HttpVarsMissing.With("one of user_id, username, member_number or authentication_point_identifier is required"));
        }
        var wallet = await db.Campaigns.FirstOrDefaultAsync(c => c.Id == campaignId, ct);
        var notWallet = ErrorCodes.CampaignNotFound.With("campaign_id must be a wallet or points wallet campaign of this chain");
        if (wallet is null || !CampaignTypes.IsWallet(wallet.Type))
        {
            return Spaaza.Error(notWallet);
        }
        // The wallet's chain: 413 as above when the caller may not read it, 68 when it may not write.
        if (ChainScope.OfRow(caller, wallet.ChainId, Permission.Write, notWallet) is { } refusedChain)
        {
            return Spaaza.Error(refusedChain);
        }
        if (!wallet.Active)
        {
            return Spaaza.Error(ErrorCodes.CampaignNotActive);
        }
        var (member, _) = await members.FindAsync(wallet.ChainId, reference, MemberOrder, fallThrough: false, ct);
        if (member is null || member.Obfuscated)
        {
            return Spaaza.Error(ErrorCodes.UserNotFound);
        }

        // spec: admins are limited to the campaign's max_manual_daily_amount per member per day; super users are not.
        Func<long, ApiFailure?>? dailyCheck = null;
        var superUser = caller.IsSuperUser(wallet.ChainId);
        if (caller.IsAdmin && !superUser)
        {
            var maximum = WalletSettings.From(CampaignService.Config(wallet)).MaxManualDailyCents;
            if (maximum is null)
            {
                return Spaaza.Error(ErrorCodes.MaxManualDailyAmountNotPresent);
            }
            dailyCheck = today => LedgerRules.WithinDailyMaximum(today, cents, maximum.Value) ? null : new ApiFailure(ErrorCodes.AmountAboveDailyUserMax);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var posted = await ledger.PostAsync(new Posting(member.Id, wallet, cents, LedgerKinds.Manual, LogMessage: logMessage,
            MutationOwnerId: caller.User?.Id, OwnerIsSuperUser: superUser), dailyCheck, ct);
        if (posted.Failure is { } refused)
        {
            return Spaaza.Error(refused);
        }
        await loyalty.EvaluateAsync(member, ct);
        await transaction.CommitAsync(ct);

        var entry = posted.Value!;
        var sent = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in new[] { "user_id", "username", "member_number", "authentication_point_identifier", "campaign_id", "amount", "log_message" })
        {
            if (p.Text(name) is { } value)
            {
                sent[name] = value;
            }
        }
        return Spaaza.Ok("add-user-purchase-progress", new PurchaseProgressResults(
            "post",
            caller.User?.Username ?? "",
            sent,
            new UserPurchaseProgress((int)entry.Id, member.Id, wallet.CurrencyId, Cents.Format(entry.AmountCents), "Manual", entry.LogMessage, SpaazaDates.Iso(entry.CreatedAt), entry.MutationOwnerId)));
    }

    private static async Task<IResult> UserWalletLedger(HttpRequest request, Caller caller, TesseraDbContext db, MemberService members, CancellationToken ct)
    {
        var p = await SpaazaParams.ReadAsync(request, ct);
        var type = p.Text("type");
        var target = await MemberAccess.TargetMemberAsync(caller, p, members, LedgerOrder, Permission.Read, ct);
        if (target.Failure is { } failure)
        {
            return Spaaza.Error(failure);
        }
        if (type is { Length: > 0 } && type is not ("wallet" or "points"))
        {
            return Spaaza.Error(ErrorCodes.ParameterNotInWhitelist.With("type must be wallet or points"));
        }
        var member = target.Value!;

        var walletTypes = type switch
        {
            "wallet" => new[] { CampaignTypes.Wallet },
            "points" => [CampaignTypes.PointsWallet],
            _ => [CampaignTypes.Wallet, CampaignTypes.PointsWallet],
        };
        var memberId = member.Id;
        var rows = await (from e in db.LedgerEntries.AsNoTracking()
                          join w in db.Campaigns.AsNoTracking() on e.WalletCampaignId equals w.Id
                          join c in db.Campaigns.AsNoTracking() on e.ContributingCampaignId equals c.Id into contributors
                          from c in contributors.DefaultIfEmpty()
                          where e.UserId == memberId && walletTypes.Contains(w.Type)
                          orderby e.CreatedAt descending, e.Id descending
                          select new { Entry = e, Wallet = w, Contributor = c }).ToListAsync(ct);
        var acceptLanguage = request.Headers.AcceptLanguage.ToString();
        Func<DateTime, string> date = ApiVersions.Current(request, VersionedAnswer.LedgerIsoDates) ? SpaazaDates.Iso : SpaazaDates.Utc;
        var ledger = rows.Select(r =>
        {
            // The campaign that caused the entry: the contributing campaign, the wallet itself for a voucher, none for manual.
            var cause = r.Contributor ?? (r.Entry.Kind == LedgerKinds.VoucherRedemption ? r.Wallet : null);
            var item = new JsonObject
            {
                ["date"] = date(r.Entry.CreatedAt),
                ["currency_symbol"] = r.Wallet.CurrencyId is { } currencyId ? Currencies.FindById(currencyId)?.Symbol : null,
                ["amount"] = Cents.ToDecimal(r.Entry.AmountCents),
                ["receipt_id"] = r.Entry.ReceiptId,
                ["retailer_basket_code"] = r.Entry.RetailerBasketCode,
                ["campaign_type"] = cause?.Type ?? "manual",
                ["campaign_title"] = cause?.Title ?? r.Entry.LogMessage,
            };
            if (cause is not null)
            {
                var localisations = CampaignService.Config(cause)["field_localisations"]?.GetValue<string>();
                if (Localisation.Pick(localisations, acceptLanguage).TryGetValue("title", out var localised))
                {
                    item["campaign_title_localised"] = localised;
                }
            }
            item["kind"] = r.Entry.Kind;
            return item;
        }).ToList();
        var resultType = type switch { "wallet" => "wallet", "points" => "points_wallet", _ => "all" };
        return Spaaza.Ok("user-wallet-ledger", new WalletLedgerResults(resultType, ledger));
    }
}
