using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Tessera.Domain.Campaigns;
using Tessera.Domain.Ledger;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;
using Tessera.Server.Data.Sql;
using Tessera.Server.Features.Ledger;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Campaigns;

/// <summary>
/// Campaigns that act when their event happens: signup, first login, profile completion, referral at
/// sign-up, interactions, and reaching a progress target. A reward goes into the campaign's
/// <c>recipient_campaign_id</c> wallet as a campaign contribution; a campaign without one (or with
/// <c>reward_type</c> "voucher") issues a basket voucher of the reward's value.
/// Every method runs inside the caller's transaction.
/// </summary>
public sealed class CampaignRewards(TesseraDbContext db, LedgerService ledger, Vouchers.VoucherService vouchers, TimeProvider clock)
{
    public const string Paid = "paid";
    public const string Issued = "issued";

    private async Task<List<(Campaign Campaign, JsonObject Config)>> ActiveAsync(int chainId, string type, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var campaigns = await db.Campaigns.AsNoTracking().Where(c => c.ChainId == chainId && c.Type == type && c.Active).OrderBy(c => c.Id).ToListAsync(cancellationToken);
        return campaigns.Select(c => (c, CampaignService.Config(c))).Where(c => Running(c.Item2, now)).ToList();
    }

    /// <summary>Within its start and end dates, when it has them.</summary>
    public static bool Running(JsonObject config, DateTime now) =>
        (config["start_date"] is not JsonValue start || CampaignFields.ParseDate(start.GetValue<string>()) is not { } from || from <= now)
        && (config["end_date"] is not JsonValue end || CampaignFields.ParseDate(end.GetValue<string>()) is not { } until || until > now);

    private static decimal Amount(JsonObject config, string field) =>
        config[field] is JsonValue value && value.TryGetValue<decimal>(out var amount) ? amount : 0m;

    /// <summary>spec: a signup campaign rewards a member who creates an account and is opted in; referral rewards at sign-up.</summary>
    public async Task OnSignupAsync(User member, CancellationToken cancellationToken)
    {
        if (member.ProgrammeOptedIn)
        {
            foreach (var (campaign, config) in await ActiveAsync(member.ChainId, CampaignTypes.Signup, cancellationToken))
            {
                await GrantAsync(campaign, config, member.Id, "signup", Amount(config, "signup_amount"), cancellationToken);
            }
        }
        if (member.ReferringUserId is { } referrerId)
        {
            foreach (var (campaign, config) in await ActiveAsync(member.ChainId, CampaignTypes.Affiliate, cancellationToken))
            {
                // With reward_on_first_purchase the baskets feature pays at the invitee's first purchase.
                if (config["reward_on_first_purchase"]?.GetValue<bool>() == true)
                {
                    continue;
                }
                await GrantAsync(campaign, config, member.Id, "referral:invitee", Amount(config, "recipient_reward_amount"), cancellationToken);
                await GrantAsync(campaign, config, referrerId, $"referral:inviter:{member.Id.ToString(CultureInfo.InvariantCulture)}", Amount(config, "sender_reward_amount"), cancellationToken);
            }
        }
    }

    /// <summary>
    /// spec referral: with <c>reward_on_first_purchase</c> both invitee and inviter are rewarded when the
    /// invitee makes a first purchase; the occurrences are those of sign-up, so each reward happens once.
    /// </summary>
    public async Task OnPurchaseAsync(User member, CancellationToken cancellationToken)
    {
        if (member.ReferringUserId is not { } referrerId)
        {
            return;
        }
        foreach (var (campaign, config) in await ActiveAsync(member.ChainId, CampaignTypes.Affiliate, cancellationToken))
        {
            if (config["reward_on_first_purchase"]?.GetValue<bool>() != true)
            {
                continue;
            }
            await GrantAsync(campaign, config, member.Id, "referral:invitee", Amount(config, "recipient_reward_amount"), cancellationToken);
            await GrantAsync(campaign, config, referrerId, $"referral:inviter:{member.Id.ToString(CultureInfo.InvariantCulture)}", Amount(config, "sender_reward_amount"), cancellationToken);
        }
    }

    /// <summary>spec: a login campaign rewards a member's first login, optionally only from some client types.</summary>
    public async Task OnLoginAsync(User member, string? clientChannel, CancellationToken cancellationToken)
    {
        foreach (var (campaign, config) in await ActiveAsync(member.ChainId, CampaignTypes.Login, cancellationToken))
        {
            if (config["client_types"] is JsonArray types && types.Count > 0
                && !types.Any(t => t is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() == clientChannel))
            {
                continue;
            }
            await GrantAsync(campaign, config, member.Id, "login", Amount(config, "reward_money"), cancellationToken);
        }
    }

    /// <summary>spec: a profile completion campaign rewards once, when every required field is filled.</summary>
    public async Task OnProfileChangedAsync(User member, CancellationToken cancellationToken)
    {
        foreach (var (campaign, config) in await ActiveAsync(member.ChainId, CampaignTypes.ProfileCompletion, cancellationToken))
        {
            var required = config["required_fields"] is JsonArray fields
                ? fields.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => v.GetValue<string>()).ToList()
                : [];
            if (required.Count > 0 && required.All(field => ProfileFieldFilled(member, field)))
            {
                await GrantAsync(campaign, config, member.Id, "profile", Amount(config, "reward_money"), cancellationToken);
            }
        }
    }

    private static bool ProfileFieldFilled(User member, string field) => field switch
    {
        "first_name" => !string.IsNullOrEmpty(member.FirstName),
        "last_name" => !string.IsNullOrEmpty(member.LastName),
        "gender" => !string.IsNullOrEmpty(member.Gender),
        "birthday" => member.Birthday is not null,
        "phone_number" => !string.IsNullOrEmpty(member.PhoneNumber),
        "country_code" => !string.IsNullOrEmpty(member.CountryCode),
        "language" => !string.IsNullOrEmpty(member.Language),
        "address_streetname" => !string.IsNullOrEmpty(member.AddressStreetname),
        "address_housenumber" => !string.IsNullOrEmpty(member.AddressHousenumber),
        "address_towncity" => !string.IsNullOrEmpty(member.AddressTowncity),
        "address_postalcode" => !string.IsNullOrEmpty(member.AddressPostalcode),
        "address_regionstate" => !string.IsNullOrEmpty(member.AddressRegionstate),
        "home_store" or "home_store_id" => member.HomeStoreId is not null,
        _ => false,
    };

    /// <summary>
    /// spec interact-campaign: 449 for an inactive campaign, a 450 warning once the member has had
    /// <c>max_interactions_per_user</c> (default 1) rewards, 451 when the points the interaction costs
    /// (<c>points_cost</c> from the <c>operand_campaign_id</c> points wallet) are not there.
    /// </summary>
    public async Task<Outcome<ApiWarning?>> InteractAsync(User member, Campaign campaign, CancellationToken cancellationToken)
    {
        var config = CampaignService.Config(campaign);
        if (!campaign.Active || !Running(config, clock.GetUtcNow().UtcDateTime))
        {
            return ErrorCodes.CampaignNotActive;
        }
        var maximum = config["max_interactions_per_user"] is JsonValue max && max.TryGetValue<int>(out var m) ? m : 1;
        var done = await db.CampaignRewards.CountAsync(r => r.CampaignId == campaign.Id && r.UserId == member.Id, cancellationToken);
        if (done >= maximum)
        {
            return (ApiWarning?)ApiWarning.About(ErrorCodes.CampaignFullyRedeemed, "campaign_id", campaign.Id);
        }
        if (Amount(config, "points_cost") is > 0 and var cost && config["operand_campaign_id"] is JsonValue operand && operand.TryGetValue<int>(out var pointsId))
        {
            var points = await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == pointsId && c.ChainId == campaign.ChainId, cancellationToken);
            if (points is null)
            {
                return ErrorCodes.OperandCampaignMismatch;
            }
            var costCents = Rounding.ToCents(cost, Rounding.RoundUp, Cents.Scale);
            var paid = await ledger.PostAsync(new Posting(member.Id, points, -costCents, LedgerKinds.CampaignContribution, ContributingCampaignId: campaign.Id), null, cancellationToken);
            if (paid.Failure is not null)
            {
                return ErrorCodes.InsufficientPointsForInteraction;
            }
        }
        var occurrence = $"interaction:{(done + 1).ToString(CultureInfo.InvariantCulture)}";
        // An interaction counts towards its maximum even when it pays nothing (e.g. only costs points).
        await GrantAsync(campaign, config, member.Id, occurrence, Amount(config, "reward_money"), cancellationToken, recordWithoutAmount: true);
        return (ApiWarning?)null;
    }

    /// <summary>
    /// Grants the reward of one occurrence once: the reward row is inserted first (a replayed or
    /// concurrent occurrence inserts nothing and pays nothing), then the wallet is credited.
    /// </summary>
    public async Task<CampaignReward?> GrantAsync(Campaign campaign, JsonObject config, int userId, string occurrence, decimal amount, CancellationToken cancellationToken, bool recordWithoutAmount = false)
    {
        var recipient = config["recipient_campaign_id"] is JsonValue r && r.TryGetValue<int>(out var recipientId)
            ? await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == recipientId && c.ChainId == campaign.ChainId && c.Active, cancellationToken)
            : null;
        if (config["reward_type"]?.GetValue<string>() == "voucher")
        {
            recipient = null;
        }
        var settings = recipient is null ? null : WalletSettings.From(CampaignService.Config(recipient));
        var cents = settings is null ? Rounding.ToCents(amount, Rounding.Neutral, Cents.Scale) : Rounding.ToCents(amount, settings.RoundingStrategy, settings.RoundingPrecision);
        return await RecordAsync(campaign, userId, occurrence, cents, recipient, cancellationToken, recordWithoutAmount);
    }

    /// <summary>
    /// Records the reward of one occurrence once and pays it: into <paramref name="wallet"/>, or, without
    /// one, as a pending voucher. The row is inserted first, so a replayed or concurrent occurrence pays nothing.
    /// </summary>
    public async Task<CampaignReward?> RecordAsync(Campaign campaign, int userId, string occurrence, long cents, Campaign? wallet, CancellationToken cancellationToken, bool recordWithoutAmount = false)
    {
        if (cents <= 0 && !recordWithoutAmount)
        {
            return null;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var rewardType = cents <= 0 ? "none" : wallet is null ? "voucher" : "wallet";
        var status = wallet is null && cents > 0 ? Issued : Paid;
        var campaignId = campaign.Id;
        var inserted = (await CampaignSql.AddReward(new SqlBatch(db), campaign.ChainId, campaignId, userId, occurrence, cents, rewardType, status, now)
            .ExecuteAsync(cancellationToken))[0];
        if (inserted == 0)
        {
            return null;
        }
        var reward = await db.CampaignRewards.SingleAsync(x => x.CampaignId == campaignId && x.UserId == userId && x.Occurrence == occurrence, cancellationToken);
        if (wallet is not null && cents > 0)
        {
            var posted = await ledger.PostAsync(new Posting(userId, wallet, cents, LedgerKinds.CampaignContribution, ContributingCampaignId: campaign.Id), null, cancellationToken);
            reward.LedgerEntryId = posted.Value?.Id;
            await db.SaveChangesAsync(cancellationToken);
        }
        else if (cents > 0)
        {
            await IssueVoucherAsync(campaign, reward, now, cancellationToken);
        }
        return reward;
    }

    /// <summary>A reward without a wallet becomes a basket voucher of the campaign, as its settings say.</summary>
    private async Task IssueVoucherAsync(Campaign campaign, CampaignReward reward, DateTime now, CancellationToken cancellationToken)
    {
        var config = CampaignService.Config(campaign);
        var currencyId = campaign.CurrencyId ?? await db.Chains.Where(c => c.Id == campaign.ChainId).Select(c => c.CurrencyId).SingleAsync(cancellationToken);
        var claimed = config["created_voucher_claimed_by_default"] is JsonValue byDefault && byDefault.GetValueKind() == JsonValueKind.True;
        var days = config["voucher_expiry_days"] is JsonValue d && d.TryGetValue<int>(out var n) && n > 0 ? n : (int?)null;
        await vouchers.IssueAsync(new Voucher
        {
            Key = "",
            ChainId = campaign.ChainId,
            UserId = reward.UserId,
            CampaignId = campaign.Id,
            Type = Vouchers.VoucherService.Basket,
            Status = claimed ? "claimed" : "generated",
            AmountOriginalCents = reward.AmountCents,
            CurrencyId = currencyId,
            Title = campaign.Title,
            Text = config["voucher_text"] is JsonValue t && t.GetValueKind() == JsonValueKind.String ? t.GetValue<string>() : null,
            CreatedAt = now,
            ExpiresAt = days is { } expiryDays ? now.AddDays(expiryDays) : null,
            CampaignRewardId = reward.Id,
        }, cancellationToken);
    }
}
