using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Tessera.Domain.Campaigns;
using Tessera.Domain.Ledger;
using Tessera.Domain.Reference;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;
using Tessera.Server.Features.Campaigns;
using Tessera.Server.Features.Members;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Vouchers;

/// <summary>
/// What a member holds and can earn: the vouchers, the promotions of the chain's active campaigns, the
/// wallet and points balances — get-user-vouchers — and, with the member and its notes, the whole card (get-card).
/// </summary>
public sealed class CardService(TesseraDbContext db, UserInfoReader userInfo, CampaignCatalogue catalogue, TimeProvider clock)
{
    private sealed record Context(User Member, DateTime Now, string? AcceptLanguage, List<Campaign> Campaigns, Dictionary<int, long> Balances, Dictionary<int, long> Progress, Dictionary<int, long> Contributed)
    {
        private readonly Dictionary<int, JsonObject> _configs = [];
        private readonly Dictionary<int, IReadOnlyDictionary<string, string>> _localised = [];

        /// <summary>A campaign's settings, parsed once per request; read only.</summary>
        public JsonObject Config(Campaign campaign) =>
            _configs.TryGetValue(campaign.Id, out var config) ? config : _configs[campaign.Id] = CampaignService.Config(campaign);

        public IReadOnlyDictionary<string, string> Localised(Campaign campaign) =>
            _localised.TryGetValue(campaign.Id, out var texts)
                ? texts
                : _localised[campaign.Id] = Localisation.Pick(Config(campaign)["field_localisations"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null, AcceptLanguage);
    }

    private async Task<Context> LoadAsync(User member, string? acceptLanguage, CancellationToken cancellationToken)
    {
        var campaigns = (await catalogue.GetAsync(db, member.ChainId, cancellationToken)).Active.ToList();
        var balances = await db.MemberWallets.AsNoTracking().Where(w => w.UserId == member.Id).ToDictionaryAsync(w => w.CampaignId, w => w.BalanceCents, cancellationToken);
        var progress = await db.CampaignProgress.AsNoTracking().Where(p => p.UserId == member.Id).ToDictionaryAsync(p => p.CampaignId, p => p.Progress, cancellationToken);
        var contributed = await db.LedgerEntries.AsNoTracking().Where(e => e.UserId == member.Id && e.ContributingCampaignId != null)
            .GroupBy(e => e.ContributingCampaignId!.Value).Select(g => new { g.Key, Sum = g.Sum(e => e.AmountCents) })
            .ToDictionaryAsync(g => g.Key, g => g.Sum, cancellationToken);
        return new Context(member, clock.GetUtcNow().UtcDateTime, acceptLanguage, campaigns, balances, progress, contributed);
    }

    public async Task<JsonObject> UserVouchersAsync(User member, bool all, string? acceptLanguage, CancellationToken cancellationToken)
    {
        var context = await LoadAsync(member, acceptLanguage, cancellationToken);
        var (basket, honour) = await VouchersAsync(context, all, cancellationToken);
        return new JsonObject
        {
            ["basket_vouchers"] = basket,
            ["honour_vouchers"] = honour,
            ["var_price_vouchers"] = new JsonArray(),
            ["promotions"] = Promotions(context, referralKey: "affiliate", includeLimited: true),
            ["wallet"] = Wallet(context, CampaignTypes.Wallet),
        };
    }

    /// <summary>spec get-card: the member's whole card.</summary>
    public async Task<JsonObject> CardAsync(User member, string? acceptLanguage, CancellationToken cancellationToken)
    {
        var context = await LoadAsync(member, acceptLanguage, cancellationToken);
        var (basket, honour) = await VouchersAsync(context, false, cancellationToken);
        var chain = (await catalogue.GetAsync(db, member.ChainId, cancellationToken)).Chain;
        var info = await userInfo.ReadAsync(member, cancellationToken);
        var card = new JsonObject
        {
            ["entity"] = new JsonObject { ["id"] = chain.Id, ["name"] = chain.Name, ["type"] = "chain" },
            ["entity_images"] = new JsonArray(),
            ["card_colour"] = new JsonObject { ["id"] = 1, ["card_background"] = "#000000", ["card_text"] = "#FFFFFF" },
            ["user_entity_card"] = new JsonObject { ["type"] = info.EntityCode.Type, ["id"] = info.EntityCode.Code },
            ["user_info"] = JsonSerializer.SerializeToNode(info, SpaazaJsonContext.Default.UserInfo),
            ["vouchers"] = new JsonArray(),
            ["meta_vouchers"] = new JsonArray(),
            ["basket_vouchers"] = basket,
            ["honour_vouchers"] = honour,
            ["promotions"] = Promotions(context, referralKey: "referral", includeLimited: false),
            ["points"] = Wallet(context, CampaignTypes.PointsWallet),
            ["wallet"] = Wallet(context, CampaignTypes.Wallet),
            ["loyalty_status"] = info.LoyaltyStatus is null ? null : JsonSerializer.SerializeToNode(info.LoyaltyStatus, SpaazaJsonContext.Default.LoyaltyStatus),
            ["frequency"] = info.Frequency,
            ["recency"] = info.Recency,
            ["monetary"] = info.Monetary,
            ["overall"] = info.Overall,
            ["stores"] = info.Stores,
            ["online_shopper"] = info.OnlineShopper,
            ["offline_shopper"] = info.OfflineShopper,
            ["average_basket_value"] = info.AverageBasketValue,
            ["days_since_last_purchase"] = info.DaysSinceLastPurchase,
            ["number_of_purchases"] = info.NumberOfPurchases,
            ["referring_user"] = info.ReferringUser is null ? null : new JsonObject { ["id"] = info.ReferringUser.Id },
            ["notes"] = await NotesAsync(member, cancellationToken),
        };
        return card;
    }

    private async Task<(JsonArray Basket, JsonArray Honour)> VouchersAsync(Context context, bool all, CancellationToken cancellationToken)
    {
        var now = context.Now;
        var query = db.Vouchers.AsNoTracking().Where(v => v.UserId == context.Member.Id && v.DeletedAt == null);
        if (!all)
        {
            query = query.Where(v => v.Status != "redeemed" && (v.ExpiresAt == null || v.ExpiresAt > now));
        }
        var vouchers = await query.OrderBy(v => v.Id).ToListAsync(cancellationToken);
        var creatorIds = vouchers.Where(v => v.CreatingUserId != null).Select(v => v.CreatingUserId!.Value).Distinct().ToList();
        var creators = creatorIds.Count == 0
            ? []
            : await db.Users.AsNoTracking().Where(u => creatorIds.Contains(u.Id))
                .ToDictionaryAsync(u => u.Id, u => string.Join(' ', new[] { u.FirstName, u.LastName }.Where(n => !string.IsNullOrEmpty(n))), cancellationToken);
        var campaigns = context.Campaigns.ToDictionary(c => c.Id);
        var missing = vouchers.Where(v => v.CampaignId is { } id && !campaigns.ContainsKey(id)).Select(v => v.CampaignId!.Value).Distinct().ToList();
        if (missing.Count > 0)
        {
            foreach (var inactive in await db.Campaigns.AsNoTracking().Where(c => missing.Contains(c.Id)).ToListAsync(cancellationToken))
            {
                campaigns[inactive.Id] = inactive;
            }
        }
        var basket = new JsonArray();
        var honour = new JsonArray();
        foreach (var voucher in vouchers)
        {
            var campaign = voucher.CampaignId is { } campaignId ? campaigns.GetValueOrDefault(campaignId) : null;
            var view = VoucherView.Build(voucher, campaign, context.Member, now);
            view.Remove("user_entity_card");
            view["creating_user"] = voucher.CreatingUserId is { } creator
                ? new JsonObject { ["user_id"] = creator, ["full_name"] = creators.GetValueOrDefault(creator) }
                : null;
            var campaignConfig = campaign is null ? null : context.Config(campaign);
            view["campaign_image_filename"] = null;
            view["campaign_image_url"] = campaignConfig?["image_url"]?.DeepClone();
            view["campaign_image_link"] = campaignConfig?["image_link"]?.DeepClone();
            view["campaign_image_dimension_x"] = null;
            view["campaign_image_dimension_y"] = null;
            if (campaign is not null)
            {
                foreach (var (field, text) in context.Localised(campaign))
                {
                    view[$"campaign_{field}_localised"] = text;
                }
            }
            (voucher.Type == VoucherService.Honour ? honour : basket).Add(view);
        }
        return (basket, honour);
    }

    /// <summary>A promotion entry: the common fields of the samples plus the type's own.</summary>
    private static JsonObject Promotion(Context context, Campaign campaign, string type)
    {
        var config = context.Config(campaign);
        var currency = campaign.CurrencyId is { } id ? Currencies.FindById(id) : null;
        var entry = new JsonObject
        {
            ["type"] = type,
            ["title"] = campaign.Title,
            ["description"] = config["description"]?.DeepClone() ?? "",
            ["actions"] = new JsonArray(),
            ["supports_contribution"] = config["supports_contribution"]?.DeepClone() ?? true,
            ["is_contributor"] = config["recipient_campaign_id"] is not null,
            ["recipient_campaign_id"] = config["recipient_campaign_id"]?.DeepClone(),
            ["currency"] = currency?.Code,
            ["currency_symbol"] = currency?.Symbol,
            ["campaign_id"] = campaign.Id,
            ["image_filename"] = null,
            ["image_url"] = config["image_url"]?.DeepClone(),
            ["image_link"] = config["image_link"]?.DeepClone(),
            ["image_dimension_x"] = null,
            ["image_dimension_y"] = null,
            ["field_localisations"] = config["field_localisations"]?.DeepClone(),
        };
        foreach (var (field, text) in context.Localised(campaign))
        {
            entry[field + "_localised"] = text;
        }
        return entry;
    }

    private static decimal Number(JsonObject config, string field) =>
        config[field] is JsonValue v && v.TryGetValue<decimal>(out var d) ? d : 0m;

    private static JsonObject Promotions(Context context, string referralKey, bool includeLimited)
    {
        var progress = new JsonArray();
        var basket = new JsonArray();
        var product = new JsonArray();
        var referral = new JsonArray();
        var signup = new JsonArray();
        var birthday = new JsonArray();
        var loyalty = new JsonArray();
        foreach (var campaign in context.Campaigns)
        {
            var config = context.Config(campaign);
            switch (campaign.Type)
            {
                case CampaignTypes.Progress or CampaignTypes.PurchaseCount:
                {
                    var entry = Promotion(context, campaign, "simple");
                    var goal = CampaignProgressService.Goal(campaign);
                    var achievedUnits = context.Progress.GetValueOrDefault(campaign.Id);
                    var spend = goal?.Unit == "spend";
                    var target = goal is null ? 0m : spend ? Cents.ToDecimal(goal.Value.Target) : goal.Value.Target;
                    var achieved = spend ? Cents.ToDecimal(achievedUnits) : achievedUnits;
                    entry["progress"] = new JsonObject
                    {
                        ["target"] = target,
                        ["achieved"] = achieved,
                        ["percentage"] = target > 0 ? (int)Math.Min(100, Math.Floor(achieved * 100m / target)) : 0,
                    };
                    entry["reward_money"] = Number(config, "reward_money");
                    progress.Add(entry);
                    break;
                }
                case CampaignTypes.Cashback:
                {
                    var entry = Promotion(context, campaign, "cashback");
                    var saved = Cents.ToDecimal(context.Contributed.GetValueOrDefault(campaign.Id));
                    entry["earn_percentage"] = Number(config, "earn_percentage");
                    entry["saved_amount"] = saved;
                    entry["saved_amount_currency"] = entry["currency"]?.DeepClone();
                    entry["saved_amount_currency_symbol"] = entry["currency_symbol"]?.DeepClone();
                    entry["unlocked_amount"] = 0;
                    entry["total_amount"] = saved;
                    progress.Add(entry);
                    break;
                }
                case CampaignTypes.Basket:
                    basket.Add(Promotion(context, campaign, "basket"));
                    break;
                case CampaignTypes.Product:
                    product.Add(Promotion(context, campaign, "product"));
                    break;
                case CampaignTypes.Affiliate:
                {
                    var entry = Promotion(context, campaign, "referral");
                    entry["code"] = context.Member.ReferralCode;
                    referral.Add(entry);
                    break;
                }
                case CampaignTypes.Signup:
                {
                    var entry = Promotion(context, campaign, "signup");
                    entry["signup_amount"] = Number(config, "signup_amount");
                    entry["reward_money"] = Number(config, "signup_amount");
                    signup.Add(entry);
                    break;
                }
                case CampaignTypes.Birthday:
                {
                    var entry = Promotion(context, campaign, "birthday");
                    entry["gift_amount"] = Number(config, "gift_amount");
                    entry["reward_money"] = Number(config, "gift_amount");
                    entry["days_before"] = config["days_before"]?.DeepClone();
                    birthday.Add(entry);
                    break;
                }
                case CampaignTypes.Loyalty:
                    loyalty.Add(CampaignService.View(campaign, [], context.AcceptLanguage));
                    break;
                default:
                    break;
            }
        }
        var promotions = new JsonObject
        {
            ["progress"] = progress,
            ["basket"] = basket,
            ["product"] = product,
            [referralKey] = referral,
            ["signup"] = signup,
            ["birthday"] = birthday,
        };
        if (includeLimited)
        {
            promotions["limited_cashback_contribution"] = new JsonArray();
        }
        promotions["loyalty"] = loyalty;
        return promotions;
    }

    /// <summary>The chain's first active wallet (or points wallet) with the member's balance as saved and total amount.</summary>
    private static JsonObject? Wallet(Context context, string type)
    {
        var wallet = context.Campaigns.FirstOrDefault(c => c.Type == type);
        if (wallet is null)
        {
            return null;
        }
        var view = CampaignService.View(wallet, [], context.AcceptLanguage);
        var balance = Cents.ToDecimal(context.Balances.GetValueOrDefault(wallet.Id));
        view["saved_amount"] = balance;
        view["total_amount"] = balance;
        return view;
    }

    private async Task<JsonArray> NotesAsync(User member, CancellationToken cancellationToken)
    {
        var notes = await (from n in db.UserNotes.AsNoTracking()
                           where n.UserId == member.Id
                           join u in db.Users.AsNoTracking() on n.CreatingUserId equals u.Id into authors
                           from u in authors.DefaultIfEmpty()
                           orderby n.Id
                           select new { Note = n, Author = u }).ToListAsync(cancellationToken);
        return new JsonArray(notes.Select(x => (JsonNode)new JsonObject
        {
            ["id"] = x.Note.Id,
            ["text"] = x.Note.Text,
            ["created_date"] = SpaazaDates.Iso(x.Note.CreatedAt),
            ["user"] = new JsonObject { ["user_id"] = x.Note.UserId },
            ["creating_user"] = x.Author is null ? null : new JsonObject
            {
                ["user_id"] = x.Author.Id,
                ["first_name"] = x.Author.FirstName,
                ["last_name"] = x.Author.LastName,
                ["username"] = x.Author.Username,
            },
        }).ToArray());
    }
}
