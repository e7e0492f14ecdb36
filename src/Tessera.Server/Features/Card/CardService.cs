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
using Tessera.Server.Features.Vouchers;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Card;

/// <summary>
/// What a member holds and can earn: the vouchers, the promotions of the chain's active campaigns, the
/// wallet and points balances — get-user-vouchers — and, with the member and its notes, the whole card (get-card).
/// </summary>
public sealed class CardService(TesseraDbContext db, UserInfoReader userInfo, LoyaltyService loyalty, CampaignCatalogue catalogue, TimeProvider clock)
{
    private sealed record Context(User Member, DateTime Now, string? AcceptLanguage, List<Campaign> Campaigns, IReadOnlyList<LoyaltyLevel> Levels, Dictionary<int, long> Balances, Dictionary<int, long> Progress, Dictionary<int, long> Contributed)
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

    private async Task<(Context Context, CardRows Rows, ChainCampaigns Chain)> LoadAsync(User member, bool all, string? acceptLanguage, CancellationToken cancellationToken)
    {
        var chain = await catalogue.GetAsync(db, member.ChainId, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = await CardSql.ReadAsync(db, member.Id, all, now, cancellationToken);
        return (new Context(member, now, acceptLanguage, chain.Active.ToList(), chain.Levels, rows.Balances, rows.Progress, rows.Contributed), rows, chain);
    }

    public async Task<JsonObject> UserVouchersAsync(User member, bool all, string? acceptLanguage, CancellationToken cancellationToken)
    {
        var (context, rows, _) = await LoadAsync(member, all, acceptLanguage, cancellationToken);
        var (basket, honour, product) = await VouchersAsync(context, rows, cancellationToken);
        return new JsonObject
        {
            ["basket_vouchers"] = basket,
            ["honour_vouchers"] = honour,
            ["var_price_vouchers"] = product,
            ["promotions"] = Promotions(context, referralKey: "affiliate", includeLimited: true),
            ["wallet"] = Wallet(context, CampaignTypes.Wallet),
        };
    }

    /// <summary>spec get-card: the member's whole card.</summary>
    public async Task<JsonObject> CardAsync(User member, string? acceptLanguage, CancellationToken cancellationToken)
    {
        var (context, rows, catalogueEntry) = await LoadAsync(member, false, acceptLanguage, cancellationToken);
        var (basket, honour, product) = await VouchersAsync(context, rows, cancellationToken);
        var chain = catalogueEntry.Chain;
        var status = rows.Held is { } held ? await loyalty.StatusAsync(member, held.Assignment, held.Level, rows.Balances, cancellationToken) : null;
        var info = await userInfo.ReadAsync(member, status, cancellationToken);
        var card = new JsonObject
        {
            ["entity"] = new JsonObject { ["id"] = chain.Id, ["name"] = chain.Name, ["type"] = "chain" },
            ["entity_images"] = new JsonArray(),
            ["card_colour"] = new JsonObject { ["id"] = 1, ["card_background"] = "#000000", ["card_text"] = "#FFFFFF" },
            ["user_entity_card"] = new JsonObject { ["type"] = info.EntityCode.Type, ["id"] = CardId(info.EntityCode.Code) },
            ["user_info"] = JsonSerializer.SerializeToNode(info, SpaazaJsonContext.Plain.UserInfo),
            ["vouchers"] = product,
            ["meta_vouchers"] = new JsonArray(),
            ["basket_vouchers"] = basket,
            ["honour_vouchers"] = honour,
            ["promotions"] = Promotions(context, referralKey: "referral", includeLimited: false),
            ["points"] = Wallet(context, CampaignTypes.PointsWallet),
            ["wallet"] = Wallet(context, CampaignTypes.Wallet),
            ["loyalty_status"] = info.LoyaltyStatus is null ? null : JsonSerializer.SerializeToNode(info.LoyaltyStatus, SpaazaJsonContext.Plain.LoyaltyStatus),
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
            ["notes"] = Notes(rows, member.Id),
        };
        return card;
    }

    /// <summary>
    /// get-card's user_entity_card.id: a number, as the sample shows it (33000114), when the card code is one
    /// that survives the round trip (digits, no leading zero, at most 15 of them so that JavaScript clients keep
    /// every digit); the code as a string otherwise.
    /// </summary>
    public static JsonNode CardId(string code) =>
        code.Length is > 0 and <= 15 && code.All(char.IsAsciiDigit) && (code[0] != '0' || code.Length == 1)
            ? JsonValue.Create(long.Parse(code, CultureInfo.InvariantCulture))
            : JsonValue.Create(code);

    /// <summary>The member's basket, honour and product (var_price) vouchers, as the card and get-user-vouchers list them.</summary>
    private async Task<(JsonArray Basket, JsonArray Honour, JsonArray Product)> VouchersAsync(Context context, CardRows rows, CancellationToken cancellationToken)
    {
        var now = context.Now;
        var vouchers = rows.Vouchers;
        var creators = rows.Creators;
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
        var product = new JsonArray();
        var codes = vouchers.Where(v => v.Type == VoucherService.VarPrice && v.ProductCode is not null).Select(v => v.ProductCode!).Distinct().ToList();
        var chainId = context.Member.ChainId;
        var products = codes.Count == 0
            ? []
            : await db.Products.AsNoTracking().Where(p => p.ChainId == chainId && codes.Contains(p.OwnerCode)).ToDictionaryAsync(p => p.OwnerCode, cancellationToken);
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
            if (voucher.Type == VoucherService.VarPrice)
            {
                // spec get-card "vouchers": the product and its price with and without the voucher.
                var known = voucher.ProductCode is { } code ? products.GetValueOrDefault(code) : null;
                var price = known?.PriceCents;
                view["product_code"] = voucher.ProductCode;
                view["product_name"] = known?.Name;
                view["product_price"] = price is { } p ? Cents.ToDecimal(p) : null;
                view["product_currency_id"] = voucher.CurrencyId;
                view["product_original_price"] = price is { } o ? Cents.ToDecimal(o) : null;
                view["product_voucher_price"] = price is { } v && voucher.AmountOriginalCents is { } off ? Cents.ToDecimal(Math.Max(0, v - off)) : null;
                product.Add(view);
                continue;
            }
            (voucher.Type == VoucherService.Honour ? honour : basket).Add(view);
        }
        return (basket, honour, product);
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
                    // The levels come with the chain's campaigns from the catalogue: no query per card.
                    loyalty.Add(CampaignService.View(campaign, context.Levels.Where(l => l.CampaignId == campaign.Id).ToList(), context.AcceptLanguage));
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

    private static JsonArray Notes(CardRows rows, int memberId) =>
        new(rows.Notes.Select(n => (JsonNode)new JsonObject
        {
            ["id"] = n.Id,
            ["text"] = n.Text,
            ["created_date"] = SpaazaDates.Iso(n.CreatedAt),
            ["user"] = new JsonObject { ["user_id"] = memberId },
            ["creating_user"] = n.CreatingUserId is null || n.Username is null ? null : new JsonObject
            {
                ["user_id"] = n.CreatingUserId,
                ["first_name"] = n.FirstName,
                ["last_name"] = n.LastName,
                ["username"] = n.Username,
            },
        }).ToArray());
}
