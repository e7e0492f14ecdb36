using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Tessera.Domain.Campaigns;
using Tessera.Domain.Ledger;
using Tessera.Domain.Reference;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Campaigns;

/// <summary>Campaigns of a chain: add, alter, read, deactivate; loyalty levels live in their own rows.</summary>
public sealed class CampaignService(TesseraDbContext db, CampaignCatalogue catalogue, TimeProvider clock)
{
    private static readonly string[] RuleTypes = ["initial", "points_tracker", "review"];
    private static readonly string[] RuleActions = ["setLevel", "createBasketVoucher", "addPointsToWallet"];
    private static readonly string[] Directions = ["up", "down"];

    public static JsonObject Config(Campaign campaign) => JsonNode.Parse(campaign.Config)!.AsObject();

    public async Task<Outcome<CampaignResults>> AddAsync(int chainId, JsonObject body, string? acceptLanguage, CancellationToken cancellationToken)
    {
        if (body["type"] is not JsonValue typeNode || typeNode.GetValueKind() != JsonValueKind.String)
        {
            return ErrorCodes.HttpVarsMissing.With("type is required");
        }
        var type = typeNode.GetValue<string>();
        if (!CampaignTypes.IsKnown(type))
        {
            return ErrorCodes.CampaignTypeNotSupported.With($"type must be one of {string.Join(", ", CampaignTypes.All)}");
        }
        if (body["title"] is not JsonValue titleNode || titleNode.GetValueKind() != JsonValueKind.String || titleNode.GetValue<string>().Trim().Length == 0)
        {
            return ErrorCodes.HttpVarsMissing.With("title is required");
        }
        var validated = CampaignFields.Validate(body);
        if (validated.Failure is { } invalid)
        {
            return invalid;
        }
        var chainCurrency = await db.Chains.Where(c => c.Id == chainId).Select(c => c.CurrencyId).SingleAsync(cancellationToken);
        var currency = CampaignFields.Currency(body, type, chainCurrency);
        if (currency.Failure is { } badCurrency)
        {
            return badCurrency;
        }
        var settings = validated.Value!;
        ApplyDefaults(type, settings);
        if (await CheckReferencesAsync(chainId, settings, cancellationToken) is { } badReference)
        {
            return badReference;
        }
        if (CheckLoyalty(settings, []) is { } badLoyalty)
        {
            return badLoyalty;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var title = settings["title"]!.GetValue<string>().Trim();
        var active = settings["active"]?.GetValue<bool>() ?? true;
        settings.Remove("title");
        settings.Remove("active");
        var campaign = new Campaign
        {
            ChainId = chainId,
            Type = type,
            Title = title,
            Active = active,
            CurrencyId = currency.Value,
            Config = settings.ToJsonString(),
            CreatedAt = now,
            UpdatedAt = now,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync(cancellationToken);
        await SaveLoyaltyAsync(campaign, settings, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        catalogue.Invalidate(chainId);
        return new CampaignResults(await ViewAsync(campaign, acceptLanguage, cancellationToken));
    }

    public async Task<Outcome<CampaignResults>> AlterAsync(Campaign campaign, JsonObject body, string? acceptLanguage, CancellationToken cancellationToken)
    {
        if (body["type"] is JsonValue type && (type.GetValueKind() != JsonValueKind.String || type.GetValue<string>() != campaign.Type))
        {
            return ErrorCodes.UpdateNotPermitted.With("the type of a campaign cannot change");
        }
        if ((body.ContainsKey("currency_id") || body.ContainsKey("currency")) && CampaignTypes.IsWallet(campaign.Type))
        {
            var currency = CampaignFields.Currency(body, campaign.Type, campaign.CurrencyId ?? 0);
            if (currency.Failure is { } badCurrency)
            {
                return badCurrency;
            }
            if (currency.Value != campaign.CurrencyId)
            {
                return ErrorCodes.UpdateNotPermitted.With("the currency of a wallet cannot change");
            }
        }
        var validated = CampaignFields.Validate(body);
        if (validated.Failure is { } invalid)
        {
            return invalid;
        }
        var changes = validated.Value!;
        if (changes["title"] is JsonValue title && title.GetValue<string>().Trim().Length == 0)
        {
            return ErrorCodes.ParameterInvalid.With("title cannot be empty");
        }
        var settings = Config(campaign);
        foreach (var (name, value) in changes)
        {
            settings[name] = value?.DeepClone();
        }
        if (await CheckReferencesAsync(campaign.ChainId, settings, cancellationToken) is { } badReference)
        {
            return badReference;
        }
        var existingLevels = await db.LoyaltyLevels.AsNoTracking().Where(l => l.CampaignId == campaign.Id).ToListAsync(cancellationToken);
        if (CheckLoyalty(settings, existingLevels) is { } badLoyalty)
        {
            return badLoyalty;
        }
        if (settings["title"] is JsonValue newTitle)
        {
            campaign.Title = newTitle.GetValue<string>().Trim();
        }
        if (settings["active"] is JsonValue active)
        {
            campaign.Active = active.GetValue<bool>();
        }
        settings.Remove("title");
        settings.Remove("active");
        campaign.Config = settings.ToJsonString();
        campaign.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await SaveLoyaltyAsync(campaign, settings, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        catalogue.Invalidate(campaign.ChainId);
        return new CampaignResults(await ViewAsync(campaign, acceptLanguage, cancellationToken));
    }

    /// <summary>spec: deleting a campaign deactivates it; its history and balances stay.</summary>
    public async Task<CampaignResults> DeactivateAsync(Campaign campaign, string? acceptLanguage, CancellationToken cancellationToken)
    {
        campaign.Active = false;
        campaign.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        catalogue.Invalidate(campaign.ChainId);
        return new CampaignResults(await ViewAsync(campaign, acceptLanguage, cancellationToken));
    }

    public async Task<CampaignListResults> ListAsync(int chainId, string? type, bool? active, string? acceptLanguage, CancellationToken cancellationToken)
    {
        var query = db.Campaigns.AsNoTracking().Where(c => c.ChainId == chainId);
        if (type is not null)
        {
            query = query.Where(c => c.Type == type);
        }
        if (active is { } wanted)
        {
            query = query.Where(c => c.Active == wanted);
        }
        var campaigns = await query.OrderBy(c => c.Id).ToListAsync(cancellationToken);
        var ids = campaigns.Select(c => c.Id).ToList();
        var levels = (await db.LoyaltyLevels.AsNoTracking().Where(l => ids.Contains(l.CampaignId)).ToListAsync(cancellationToken)).ToLookup(l => l.CampaignId);
        return new CampaignListResults(campaigns.Select(c => View(c, levels[c.Id].ToList(), acceptLanguage)).ToList());
    }

    public async Task<JsonObject> ViewAsync(Campaign campaign, string? acceptLanguage, CancellationToken cancellationToken)
    {
        var levels = await db.LoyaltyLevels.AsNoTracking().Where(l => l.CampaignId == campaign.Id).OrderBy(l => l.Position).ToListAsync(cancellationToken);
        return View(campaign, levels, acceptLanguage);
    }

    /// <summary>The campaign object: columns, stored settings, levels with their ids and the localised fields.</summary>
    public static JsonObject View(Campaign campaign, IReadOnlyList<LoyaltyLevel> levels, string? acceptLanguage)
    {
        var currency = campaign.CurrencyId is { } currencyId ? Currencies.FindById(currencyId) : null;
        var view = new JsonObject
        {
            ["id"] = campaign.Id,
            ["chain_id"] = campaign.ChainId,
            ["type"] = campaign.Type,
            ["title"] = campaign.Title,
            ["active"] = campaign.Active,
            ["is_active"] = campaign.Active,
            ["currency_id"] = campaign.CurrencyId,
            ["currency"] = currency?.Code,
            ["currency_symbol"] = currency?.Symbol,
            ["created_date"] = SpaazaDates.Iso(campaign.CreatedAt),
            ["last_modified_date"] = SpaazaDates.Iso(campaign.UpdatedAt),
        };
        foreach (var (name, value) in Config(campaign))
        {
            view[name] = value?.DeepClone();
        }
        if (campaign.Type == CampaignTypes.Loyalty)
        {
            view["loyalty_levels"] = new JsonArray(levels.OrderBy(l => l.Position).Select(l => (JsonNode)new JsonObject
            {
                ["id"] = l.Id,
                ["campaign_id"] = l.CampaignId,
                ["name"] = l.Name,
                ["description"] = l.Description,
            }).ToArray());
        }
        var localisations = view["field_localisations"] is JsonValue text && text.GetValueKind() == JsonValueKind.String ? text.GetValue<string>() : null;
        foreach (var (field, localised) in Localisation.Pick(localisations, acceptLanguage))
        {
            view[field + "_localised"] = localised;
        }
        return view;
    }

    /// <summary>Wallet settings every wallet has, as the get-card samples show them.</summary>
    private static void ApplyDefaults(string type, JsonObject settings)
    {
        if (!CampaignTypes.IsWallet(type))
        {
            return;
        }
        settings["balance_can_subzero"] ??= false;
        settings["spend_on_promotional_items"] ??= false;
        settings["rounding_strategy"] ??= Rounding.RoundDown;
        settings["rounding_precision"] ??= Cents.Scale;
        settings["max_manual_daily_amount"] ??= null;
        settings["is_redeemable"] ??= type == CampaignTypes.Wallet;
        settings["created_voucher_claimed_by_default"] ??= false;
    }

    /// <summary>recipient_campaign_id and operand_campaign_id name a wallet of the same chain (409 otherwise).</summary>
    private async Task<ApiFailure?> CheckReferencesAsync(int chainId, JsonObject settings, CancellationToken cancellationToken)
    {
        foreach (var name in new[] { "recipient_campaign_id", "operand_campaign_id" })
        {
            if (settings[name] is JsonValue value && value.TryGetValue<int>(out var id)
                && !await db.Campaigns.AnyAsync(c => c.Id == id && c.ChainId == chainId && (c.Type == CampaignTypes.Wallet || c.Type == CampaignTypes.PointsWallet), cancellationToken))
            {
                return ErrorCodes.OperandCampaignMismatch.With($"{name} must be a wallet or points wallet campaign of this chain");
            }
        }
        return null;
    }

    /// <summary>Levels need a name; rules a known type, action and direction, and a level of this campaign where they set one.</summary>
    private static ApiFailure? CheckLoyalty(JsonObject settings, IReadOnlyList<LoyaltyLevel> existing)
    {
        var names = new HashSet<string>(existing.Select(l => l.Name), StringComparer.OrdinalIgnoreCase);
        if (settings["loyalty_levels"] is JsonArray levels)
        {
            foreach (var level in levels)
            {
                if (level is not JsonObject o || o["name"] is not JsonValue name || name.GetValueKind() != JsonValueKind.String || name.GetValue<string>().Trim().Length == 0)
                {
                    return ErrorCodes.ParameterInvalid.With("every loyalty level needs a name");
                }
                names.Add(name.GetValue<string>().Trim());
            }
        }
        if (settings["loyalty_rules"] is not JsonArray rules)
        {
            return null;
        }
        foreach (var rule in rules)
        {
            if (rule is not JsonObject r)
            {
                return ErrorCodes.ParameterInvalid.With("every loyalty rule must be an object");
            }
            if (!OneOf(r["type"], RuleTypes) || !OneOf(r["action"], RuleActions) || (r["direction"] is not null && !OneOf(r["direction"], Directions)))
            {
                return ErrorCodes.ParameterInvalid.With($"loyalty rules need a type ({string.Join(", ", RuleTypes)}), an action ({string.Join(", ", RuleActions)}) and a direction of up or down");
            }
            if (r["points_threshold"] is { } threshold && threshold.GetValueKind() != JsonValueKind.Number)
            {
                return ErrorCodes.ParameterTypeMismatch.With("points_threshold must be a number");
            }
            if (r["action"]!.GetValue<string>() == "setLevel" && (LevelName(r) is not { } levelName || !names.Contains(levelName)))
            {
                return ErrorCodes.ParameterInvalid.With("a setLevel rule must name a level of this campaign (level or loyalty_level_name)");
            }
        }
        return null;
    }

    private static bool OneOf(JsonNode? node, string[] values) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String && values.Contains(value.GetValue<string>());

    private static string? LevelName(JsonObject rule) =>
        (rule["loyalty_level_name"] ?? rule["level"]) is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>().Trim() : null;

    /// <summary>
    /// Level rows for the campaign's loyalty_levels (an entry with an id renames that level), then the
    /// rules get ids and the ids of the levels they set. Levels are never deleted: members may hold them.
    /// </summary>
    private async Task SaveLoyaltyAsync(Campaign campaign, JsonObject settings, CancellationToken cancellationToken)
    {
        if (campaign.Type != CampaignTypes.Loyalty)
        {
            return;
        }
        var levels = await db.LoyaltyLevels.Where(l => l.CampaignId == campaign.Id).ToListAsync(cancellationToken);
        if (settings["loyalty_levels"] is JsonArray sent)
        {
            var position = levels.Count == 0 ? 0 : levels.Max(l => l.Position);
            foreach (var entry in sent.OfType<JsonObject>())
            {
                var name = entry["name"]!.GetValue<string>().Trim();
                var description = entry["description"] is JsonValue d && d.GetValueKind() == JsonValueKind.String ? d.GetValue<string>() : null;
                var existing = entry["id"] is JsonValue idValue && idValue.TryGetValue<int>(out var id)
                    ? levels.FirstOrDefault(l => l.Id == id)
                    : levels.FirstOrDefault(l => string.Equals(l.Name, name, StringComparison.OrdinalIgnoreCase));
                if (existing is null)
                {
                    existing = new LoyaltyLevel { ChainId = campaign.ChainId, CampaignId = campaign.Id, Name = name, Position = ++position };
                    db.LoyaltyLevels.Add(existing);
                    levels.Add(existing);
                }
                existing.Name = name;
                existing.Description = description;
            }
            settings.Remove("loyalty_levels");
            await db.SaveChangesAsync(cancellationToken);
        }
        if (settings["loyalty_rules"] is JsonArray rules)
        {
            var ruleId = 0;
            foreach (var rule in rules.OfType<JsonObject>())
            {
                rule["id"] = ++ruleId;
                rule["campaign_id"] = campaign.Id;
                if (LevelName(rule) is { } levelName && levels.FirstOrDefault(l => string.Equals(l.Name, levelName, StringComparison.OrdinalIgnoreCase)) is { } level)
                {
                    rule["loyalty_level_id"] = level.Id;
                    rule["loyalty_level_name"] = level.Name;
                }
            }
        }
        campaign.Config = settings.ToJsonString();
        await db.SaveChangesAsync(cancellationToken);
    }
}
