using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Tessera.Domain.Campaigns;
using Tessera.Domain.Ledger;
using Tessera.Domain.Vouchers;
using Tessera.Server.Auth;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;
using Tessera.Server.Features.Campaigns;
using Tessera.Server.Features.Members;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Vouchers;

/// <summary>create-, claim-, unclaim-, lock-, unlock-, expire- and delete-voucher (spec lines 2379-2770).</summary>
public static class VoucherEndpoints
{
    private static readonly string[] MemberOrder = ["user_id", "member_number", "authentication_point_identifier"];

    /// <summary>
    /// spec create-voucher: parameters given "in the case of privileged or admin authentication" only. A member sending
    /// one is refused (424) rather than ignored, so no member writes a voucher's text, validity or lock. The member
    /// identifiers are not among them: a member's session names the member, and they are ignored.
    /// </summary>
    private static readonly string[] AdminOnlyParameters =
    [
        "voucher_discount_ratio", "voucher_lock_period", "voucher_locking_code", "voucher_title", "voucher_text", "voucher_description",
        "voucher_notes", "voucher_honour_code", "voucher_image_url", "retailer_basket_code", "expiry_date",
    ];

    public static IEndpointRouteBuilder MapVoucherEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/create-voucher", CreateVoucher).WithName("create-voucher");
        // spec: POST; Spaaza's own examples also PUT.
        app.MapMethods("/claim-voucher", ["POST", "PUT"], ([AsParameters] VoucherChangeCall call) => Change(call, VoucherAction.Claim, Permission.Write, "claim-voucher")).WithName("claim-voucher");
        app.MapMethods("/unclaim-voucher", ["POST", "PUT"], ([AsParameters] VoucherChangeCall call) => Change(call, VoucherAction.Unclaim, Permission.Write, "unclaim-voucher")).WithName("unclaim-voucher");
        app.MapPut("/lock-voucher", ([AsParameters] VoucherChangeCall call) => Change(call, VoucherAction.Lock, Permission.Write, "lock-voucher")).WithName("lock-voucher");
        app.MapMethods("/unlock-voucher", ["PUT", "POST"], ([AsParameters] VoucherChangeCall call) => Change(call, VoucherAction.Unlock, Permission.Write, "unlock-voucher")).WithName("unlock-voucher");
        app.MapMethods("/expire-voucher", ["POST", "PUT"], ([AsParameters] VoucherChangeCall call) => Change(call, VoucherAction.Expire, Permission.Delete, "expire-voucher")).WithName("expire-voucher");
        app.MapDelete("/delete-voucher", ([AsParameters] VoucherChangeCall call) => Change(call, VoucherAction.Delete, Permission.Delete, "delete-voucher")).WithName("delete-voucher");
        return app;
    }

    private static async Task<IResult> Change(VoucherChangeCall call, VoucherAction action, Permission permission, string resultType)
    {
        var (request, caller, db, vouchers, clock, ct) = call;
        // spec: unlock-voucher is for admin and privileged clients only. A privileged client may leave the app header
        // out (its key names the chain), but not name another chain's app. The chain is the voucher's (VoucherService).
        var rule = action == VoucherAction.Unlock ? ChainRule.AdminOrPrivilegedRowAppWhenSent : ChainRule.AnyRowAppWhenSent;
        if (ChainScope.Admit(caller, rule) is { } denied)
        {
            return Spaaza.Error(denied);
        }
        var p = await SpaazaParams.ReadAsync(request, ct);
        var key = Blanks.NullIfEmpty(p.Text("voucher_key"));
        var id = p.Int("voucher_id", ErrorCodes.ParameterSuppliedNotInteger);
        var userId = p.Int("user_id", ErrorCodes.UserIdInvalid);
        var lockSeconds = p.Int("voucher_lock_period", ErrorCodes.ParameterSuppliedNotInteger) ?? VoucherRules.DefaultLockSeconds;
        var lockingCode = Blanks.NullIfEmpty(p.Text("voucher_locking_code", 255, ErrorCodes.StringParameterTooLong));
        var basketCode = Blanks.NullIfEmpty(p.Text("retailer_basket_code", 255, ErrorCodes.StringParameterTooLong));
        if (p.Failure is { } failure)
        {
            return Spaaza.Error(failure);
        }
        if (key is null && id is null)
        {
            return Spaaza.Error(ErrorCodes.HttpVarsMissing.With("voucher_key or voucher_id is required"));
        }
        if (action == VoucherAction.Lock && !VoucherRules.IsValidLockPeriod(lockSeconds))
        {
            return Spaaza.Error(ErrorCodes.ParameterInvalid.With("voucher_lock_period must be 120 to 3600 seconds"));
        }
        var found = await vouchers.FindAsync(caller, key, id, permission, ct);
        if (found.Failure is { } notFound)
        {
            return Spaaza.Error(notFound);
        }
        if (userId is { } named && found.Value!.UserId != named)
        {
            return Spaaza.Error(ErrorCodes.VoucherNotFound);
        }
        var changed = await vouchers.ChangeAsync(found.Value!, new VoucherChange(action, lockSeconds, lockingCode, basketCode), VoucherService.Actor(caller), ct);
        if (changed.Failure is { } refused)
        {
            return Spaaza.Error(refused);
        }
        return Spaaza.Ok(resultType, await ViewAsync(db, changed.Value!, clock, ct));
    }

    private static async Task<JsonObject> ViewAsync(TesseraDbContext db, Voucher voucher, TimeProvider clock, CancellationToken ct)
    {
        var campaign = voucher.CampaignId is { } campaignId ? await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == campaignId, ct) : null;
        var owner = voucher.UserId is { } ownerId ? await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == ownerId, ct) : null;
        return VoucherView.Build(voucher, campaign, owner, clock.GetUtcNow().UtcDateTime);
    }

    private static async Task<IResult> CreateVoucher(HttpRequest request, Caller caller, TesseraDbContext db, MemberService members, VoucherService vouchers, TimeProvider clock, CancellationToken ct)
    {
        var p = await SpaazaParams.ReadAsync(request, ct);
        // spec: create-voucher's table has no chain_id; an admin's chain is the member's.
        var target = await MemberAccess.TargetMemberAsync(caller, p, members, MemberOrder, Permission.Write, ct, ChainRule.MemberOwnOrAdminMemberChainOrPrivilegedOwn);
        if (target.Failure is { } denied)
        {
            return Spaaza.Error(denied);
        }
        var member = target.Value!;
        var campaignId = p.RequiredInt("campaign_id", ErrorCodes.HttpVarsMissing, ErrorCodes.ParameterSuppliedNotInteger);
        var type = Blanks.NullIfEmpty(p.Text("voucher_type")) ?? VoucherService.Basket;
        var amountText = Blanks.NullIfEmpty(p.Text("voucher_amount"));
        var ratioText = Blanks.NullIfEmpty(p.Text("voucher_discount_ratio"));
        var setClaimed = p.Bool("set_claimed");
        var deleteExisting = p.Bool("delete_existing") ?? false;
        var lockSeconds = p.Int("voucher_lock_period", ErrorCodes.ParameterSuppliedNotInteger);
        var lockingCode = Blanks.NullIfEmpty(p.Text("voucher_locking_code", 255, ErrorCodes.StringParameterTooLong));
        var basketCode = Blanks.NullIfEmpty(p.Text("retailer_basket_code", 255, ErrorCodes.StringParameterTooLong));
        var title = Blanks.NullIfEmpty(p.Text("voucher_title", 255, ErrorCodes.StringParameterTooLong));
        var text = Blanks.NullIfEmpty(p.Text("voucher_text", 255, ErrorCodes.StringParameterTooLong));
        var description = Blanks.NullIfEmpty(p.Text("voucher_description", 1024, ErrorCodes.StringParameterTooLong));
        var notes = Blanks.NullIfEmpty(p.Text("voucher_notes", 4095, ErrorCodes.StringParameterTooLong));
        var imageUrl = Blanks.NullIfEmpty(p.Text("voucher_image_url", 1024, ErrorCodes.StringParameterTooLong));
        var honourCode = Blanks.NullIfEmpty(p.Text("voucher_honour_code", 255, ErrorCodes.StringParameterTooLong));
        var expiryText = Blanks.NullIfEmpty(p.Text("expiry_date"));
        if (p.Failure is { } failure)
        {
            return Spaaza.Error(failure);
        }
        if (type is not (VoucherService.Basket or VoucherService.BasketPct or VoucherService.Honour))
        {
            return Spaaza.Error(ErrorCodes.ParameterNotInWhitelist.With("voucher_type must be basket, basket_pct or honour"));
        }
        if (caller.IsMember && type != VoucherService.Basket)
        {
            return Spaaza.Error(ErrorCodes.AccessDenied.With("members create basket vouchers only"));
        }
        if (caller.IsMember && AdminOnlyParameters.FirstOrDefault(p.HasValue) is { } adminOnly)
        {
            return Spaaza.Error(ErrorCodes.AccessDenied.With($"{adminOnly} is for admin and privileged authentication only"));
        }
        // spec: an amount for basket vouchers, a ratio (≤ 1, three decimals) for basket_pct, never both.
        long? cents = null;
        int? ratioMilli = null;
        if (type == VoucherService.BasketPct)
        {
            if (amountText is not null)
            {
                return Spaaza.Error(ErrorCodes.ParameterCombinationNotAllowed.With("voucher_amount is not allowed with voucher_type basket_pct"));
            }
            if (ratioText is null)
            {
                return Spaaza.Error(ErrorCodes.HttpVarsMissing.With("voucher_discount_ratio is required with voucher_type basket_pct"));
            }
            if (!decimal.TryParse(ratioText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var ratio) || ratio <= 0 || decimal.Round(ratio, 3) != ratio)
            {
                return Spaaza.Error(ErrorCodes.ParameterInvalid.With("voucher_discount_ratio must be a decimal above 0 with at most three decimals"));
            }
            if (ratio > 1)
            {
                return Spaaza.Error(ErrorCodes.VoucherDiscountRatioInvalid);
            }
            ratioMilli = (int)(ratio * 1000);
        }
        else
        {
            if (ratioText is not null)
            {
                return Spaaza.Error(ErrorCodes.ParameterCombinationNotAllowed.With("voucher_discount_ratio is only for voucher_type basket_pct"));
            }
            if (type == VoucherService.Basket && amountText is null)
            {
                return Spaaza.Error(ErrorCodes.HttpVarsMissing.With("voucher_amount is required"));
            }
            if (amountText is not null)
            {
                if (!Cents.TryParse(amountText, out var parsed) || parsed <= 0)
                {
                    return Spaaza.Error(ErrorCodes.VoucherAmountInvalid);
                }
                cents = parsed;
            }
        }
        if (type == VoucherService.Honour && honourCode is null)
        {
            return Spaaza.Error(ErrorCodes.HttpVarsMissing.With("voucher_honour_code is required with voucher_type honour"));
        }
        if (lockSeconds is { } seconds && !VoucherRules.IsValidLockPeriod(seconds))
        {
            return Spaaza.Error(ErrorCodes.ParameterInvalid.With("voucher_lock_period must be 120 to 3600 seconds"));
        }
        DateTime? expiry = null;
        if (expiryText is not null)
        {
            if (!DateTime.TryParseExact(expiryText, ["yyyy-MM-dd", "yyyy-MM-dd HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsedExpiry))
            {
                return Spaaza.Error(ErrorCodes.ParameterInvalid.With("expiry_date must be Y-m-d or Y-m-d H:i:s (UTC)"));
            }
            expiry = DateTime.SpecifyKind(parsedExpiry, DateTimeKind.Utc);
        }

        var campaign = await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == campaignId && c.ChainId == member.ChainId, ct);
        if (campaign is null)
        {
            return Spaaza.Error(ErrorCodes.CampaignNotFound);
        }
        if (!campaign.Active)
        {
            return Spaaza.Error(ErrorCodes.CampaignNotActive);
        }
        var isWallet = CampaignTypes.IsWallet(campaign.Type);
        if (!isWallet && campaign.Type != CampaignTypes.Loyalty)
        {
            return Spaaza.Error(ErrorCodes.CampaignTypeNotSupported.With("vouchers are created from wallet and loyalty campaigns"));
        }
        if (isWallet && type != VoucherService.Basket)
        {
            return Spaaza.Error(ErrorCodes.ParameterCombinationNotAllowed.With("a wallet pays basket vouchers only"));
        }
        var config = CampaignService.Config(campaign);
        var now = clock.GetUtcNow().UtcDateTime;
        if (expiry is null && config["voucher_expiry_days"] is JsonValue days && days.TryGetValue<int>(out var d) && d > 0)
        {
            expiry = now.AddDays(d);
        }
        var claimed = setClaimed ?? (config["created_voucher_claimed_by_default"] is JsonValue byDefault && byDefault.GetValueKind() == System.Text.Json.JsonValueKind.True);
        var locked = lockSeconds is not null || lockingCode is not null || basketCode is not null;
        var voucher = new Voucher
        {
            Key = "",
            ChainId = member.ChainId,
            UserId = member.Id,
            CampaignId = campaign.Id,
            Type = type,
            Status = claimed ? "claimed" : "generated",
            AmountOriginalCents = cents,
            DiscountRatioMilli = ratioMilli,
            CurrencyId = campaign.CurrencyId,
            Title = title,
            Text = text ?? (config["voucher_text"] is JsonValue t && t.GetValueKind() == System.Text.Json.JsonValueKind.String ? t.GetValue<string>() : null),
            Description = description,
            Notes = notes,
            ImageUrl = imageUrl,
            HonourCode = honourCode,
            CreatingUserId = caller.User?.Id,
            CreatedAt = now,
            ExpiresAt = expiry,
            LockedUntil = locked ? now.AddSeconds(lockSeconds ?? VoucherRules.DefaultLockSeconds) : null,
            LockingCode = lockingCode,
            RetailerBasketCodeExclusive = basketCode,
        };
        Voucher created;
        if (isWallet)
        {
            var outcome = await vouchers.CreateFromWalletAsync(campaign, member, voucher, deleteExisting, ct);
            if (outcome.Failure is { } refused)
            {
                return Spaaza.Error(refused);
            }
            created = outcome.Value!;
        }
        else if (caller.IsMember)
        {
            // A member pays for a loyalty voucher with the programme's points; only admins and privileged clients grant one.
            var outcome = await vouchers.CreateFromPointsAsync(campaign, member, voucher, ct);
            if (outcome.Failure is { } refused)
            {
                return Spaaza.Error(refused);
            }
            created = outcome.Value!;
        }
        else
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            created = await vouchers.IssueAsync(voucher, ct);
            await transaction.CommitAsync(ct);
        }
        return Spaaza.Ok("create-voucher", VoucherView.Build(created, campaign, member, now));
    }
}
