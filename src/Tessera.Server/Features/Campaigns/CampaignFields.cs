using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Domain.Campaigns;
using Tessera.Domain.Ledger;
using Tessera.Domain.Reference;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Campaigns;

/// <summary>
/// The fields of the campaign object (as get-card and get-user-vouchers show campaigns) and how each is
/// checked: 412 for a value of the wrong JSON type, 423 for a non-integer where an integer belongs, 419
/// for a badly formatted string, 459-461 for a ratio above 1.
/// </summary>
public static class CampaignFields
{
    private enum Kind
    {
        Text,
        Bool,
        Integer,
        Number,
        Ratio,
        Enum,
        Date,
        Url,
        Array,
        Localisations,
    }

    /// <summary>Every settable field with its JSON type, for the OpenAPI document (add-campaign, alter-campaign).</summary>
    public static IEnumerable<(string Name, string JsonType)> Described => Fields.Select(f => (f.Key, f.Value.Kind switch
    {
        Kind.Bool => "boolean",
        Kind.Integer => "integer",
        Kind.Number or Kind.Ratio => "number",
        Kind.Date => "date-time",
        Kind.Array => "array",
        Kind.Localisations => "object",
        _ => "string",
    }));

    private sealed record Field(Kind Kind, int MaxLength = 2048, string[]? Values = null, ApiError? RatioError = null, decimal Min = decimal.MinValue, decimal Max = decimal.MaxValue);

    private static readonly Dictionary<string, Field> Fields = new(StringComparer.Ordinal)
    {
        ["title"] = new(Kind.Text, 255),
        ["description"] = new(Kind.Text),
        ["notes"] = new(Kind.Text),
        ["active"] = new(Kind.Bool),
        ["voucher_text"] = new(Kind.Text, 1024),
        ["voucher_expiry_days"] = new(Kind.Integer, Min: 0),
        ["balance_can_subzero"] = new(Kind.Bool),
        ["spend_on_promotional_items"] = new(Kind.Bool),
        ["max_manual_daily_amount"] = new(Kind.Number, Min: 0),
        ["rounding_strategy"] = new(Kind.Enum, Values: [.. Rounding.Strategies]),
        ["rounding_precision"] = new(Kind.Integer, Min: 0, Max: Cents.Scale),
        ["secondary_display_currency"] = new(Kind.Text, 16),
        ["secondary_display_currency_symbol"] = new(Kind.Text, 16),
        ["secondary_display_multiplication_factor"] = new(Kind.Number, Min: 0),
        ["secondary_display_rounding_precision"] = new(Kind.Integer, Min: 0, Max: 6),
        ["created_voucher_claimed_by_default"] = new(Kind.Bool),
        ["field_localisations"] = new(Kind.Localisations),
        ["is_redeemable"] = new(Kind.Bool),
        ["operator_type"] = new(Kind.Enum, Values: ["and", "or"]),
        ["parameters"] = new(Kind.Array),
        ["image_url"] = new(Kind.Url),
        ["image_link"] = new(Kind.Url),
        ["start_date"] = new(Kind.Date),
        ["end_date"] = new(Kind.Date),
        ["myprice_app_id"] = new(Kind.Integer, Min: 1),
        ["supports_user_segments"] = new(Kind.Bool),
        ["user_segment_id"] = new(Kind.Integer, Min: 1),
        ["supports_contribution"] = new(Kind.Bool),
        ["is_contributor"] = new(Kind.Bool),
        // spend & earn, progress, purchase count
        ["earn_percentage"] = new(Kind.Number, Min: 0, Max: 100),
        ["recipient_campaign_id"] = new(Kind.Integer, Min: 1),
        ["operand_campaign_id"] = new(Kind.Integer, Min: 1),
        ["target"] = new(Kind.Number, Min: 0),
        ["reward_money"] = new(Kind.Number, Min: 0),
        ["progress_unit"] = new(Kind.Enum, Values: ["spend", "visits", "items"]),
        ["purchase_count"] = new(Kind.Integer, Min: 1),
        ["minimum_basket_value"] = new(Kind.Number, Min: 0),
        ["in_store_only"] = new(Kind.Bool),
        ["online_only"] = new(Kind.Bool),
        // signup, birthday, referral, profile completion, interaction, login
        ["signup_amount"] = new(Kind.Number, Min: 0),
        ["gift_amount"] = new(Kind.Number, Min: 0),
        ["days_before"] = new(Kind.Integer, Min: 0, Max: 366),
        ["reward_type"] = new(Kind.Enum, Values: ["wallet", "voucher"]),
        ["reward_on_first_purchase"] = new(Kind.Bool),
        ["sender_reward_amount"] = new(Kind.Number, Min: 0),
        ["recipient_reward_amount"] = new(Kind.Number, Min: 0),
        ["sender_reward_discount_ratio"] = new(Kind.Ratio, RatioError: ErrorCodes.SenderRewardDiscountRatioInvalid),
        ["recipient_reward_discount_ratio"] = new(Kind.Ratio, RatioError: ErrorCodes.RecipientRewardDiscountRatioInvalid),
        ["voucher_discount_ratio"] = new(Kind.Ratio, RatioError: ErrorCodes.VoucherDiscountRatioInvalid),
        ["required_fields"] = new(Kind.Array),
        ["max_interactions_per_user"] = new(Kind.Integer, Min: 1),
        ["points_cost"] = new(Kind.Number, Min: 0),
        ["client_types"] = new(Kind.Array),
        // basket and product discounts
        ["discount_amount"] = new(Kind.Number, Min: 0),
        ["product_codes"] = new(Kind.Array),
        // loyalty
        ["loyalty_levels"] = new(Kind.Array),
        ["loyalty_rules"] = new(Kind.Array),
        ["review_cycle_months"] = new(Kind.Integer, Min: 1, Max: 120),
    };

    /// <summary>Fields the server owns: sent back by a client that echoes a campaign, they are ignored.</summary>
    private static readonly HashSet<string> ReadOnly = new(StringComparer.Ordinal)
    {
        "id", "campaign_id", "chain_id", "type", "currency_id", "currency", "currency_symbol", "created_date",
        "last_modified_date", "is_active", "saved_amount", "total_amount",
    };

    /// <summary>
    /// Checks every known field of <paramref name="body"/> and returns the settings to store (known and
    /// unknown fields alike, minus the read-only ones); the first failure wins.
    /// </summary>
    public static Outcome<JsonObject> Validate(JsonObject body)
    {
        var settings = new JsonObject();
        foreach (var (name, value) in body)
        {
            if (ReadOnly.Contains(name) || name.EndsWith("_localised", StringComparison.Ordinal))
            {
                continue;
            }
            if (Fields.TryGetValue(name, out var field) && value is not null && Check(name, field, value) is { } failure)
            {
                return failure;
            }
            settings[name] = name == "field_localisations" && value is JsonObject localisations
                ? localisations.ToJsonString(SpaazaJson.Options)
                : value?.DeepClone();
        }
        return settings;
    }

    private static ApiFailure? Check(string name, Field field, JsonNode value)
    {
        var kind = value.GetValueKind();
        switch (field.Kind)
        {
            case Kind.Text:
                if (kind != JsonValueKind.String)
                {
                    return Mismatch(name, "a string");
                }
                return value.GetValue<string>().Length > field.MaxLength
                    ? ErrorCodes.StringParameterTooLong.With($"{name} must be {field.MaxLength} characters or less")
                    : null;
            case Kind.Bool:
                return kind is JsonValueKind.True or JsonValueKind.False ? null : Mismatch(name, "true or false");
            case Kind.Integer:
                if (kind != JsonValueKind.Number || !value.AsValue().TryGetValue<long>(out var integer))
                {
                    return ErrorCodes.ParameterSuppliedNotInteger.With($"{name} must be an integer");
                }
                return integer < field.Min || integer > field.Max ? OutOfRange(name, field) : null;
            case Kind.Number:
            case Kind.Ratio:
                if (kind != JsonValueKind.Number || !value.AsValue().TryGetValue<decimal>(out var number))
                {
                    return Mismatch(name, "a number");
                }
                if (field.Kind == Kind.Ratio)
                {
                    return number > 1m ? field.RatioError! : number < 0m ? ErrorCodes.ParameterInvalid.With($"{name} cannot be negative") : null;
                }
                if (decimal.Round(number, 4) != number)
                {
                    return ErrorCodes.ParameterInvalid.With($"{name} has too many decimals");
                }
                return number < field.Min || number > field.Max ? OutOfRange(name, field) : null;
            case Kind.Enum:
                if (kind != JsonValueKind.String)
                {
                    return Mismatch(name, "a string");
                }
                if (field.Values!.Contains(value.GetValue<string>()))
                {
                    return null;
                }
                // spec 263 names the operator_type property itself.
                return name == "operator_type"
                    ? ErrorCodes.InvalidOperatorType
                    : ErrorCodes.ParameterInvalid.With($"{name} must be one of {string.Join(", ", field.Values!)}");
            case Kind.Date:
                if (kind != JsonValueKind.String)
                {
                    return Mismatch(name, "a date string");
                }
                return ParseDate(value.GetValue<string>()) is null
                    ? ErrorCodes.ParameterInvalid.With($"{name} must be an ISO-8601 date or date time")
                    : null;
            case Kind.Url:
                if (kind == JsonValueKind.Null)
                {
                    return null;
                }
                return kind == JsonValueKind.String && Uri.TryCreate(value.GetValue<string>(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
                    ? null
                    : ErrorCodes.InvalidUrl.With($"{name} must be an absolute http(s) URL");
            case Kind.Array:
                return kind == JsonValueKind.Array ? null : Mismatch(name, "an array");
            case Kind.Localisations:
                if (kind == JsonValueKind.Object)
                {
                    return null;
                }
                if (kind != JsonValueKind.String)
                {
                    return Mismatch(name, "a JSON object or its string form");
                }
                try
                {
                    return JsonNode.Parse(value.GetValue<string>()) is JsonObject ? null : ErrorCodes.ParameterInvalid.With("field_localisations must be a JSON object");
                }
                catch (JsonException)
                {
                    return ErrorCodes.ParameterInvalid.With("field_localisations must be a JSON object");
                }
            default:
                return null;
        }
    }

    public static DateTime? ParseDate(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed.UtcDateTime : null;

    private static ApiFailure Mismatch(string name, string expected) =>
        ErrorCodes.ParameterTypeMismatch.With($"{name} must be {expected}");

    private static ApiFailure OutOfRange(string name, Field field) =>
        ErrorCodes.ParameterInvalid.With(field.Max == decimal.MaxValue
            ? $"{name} must be at least {field.Min.ToString(CultureInfo.InvariantCulture)}"
            : $"{name} must be between {field.Min.ToString(CultureInfo.InvariantCulture)} and {field.Max.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>The currency of a campaign: <c>currency_id</c> or the ISO <c>currency</c> code; points wallets default to points.</summary>
    public static Outcome<int?> Currency(JsonObject body, string type, int chainCurrencyId)
    {
        if (body["currency_id"] is { } idNode)
        {
            if (JsonBody.IntOf(idNode) is not { } id)
            {
                return ErrorCodes.ParameterSuppliedNotInteger.With("currency_id must be an integer");
            }
            return Currencies.FindById(id) is null ? ErrorCodes.ParameterInvalid.With("currency_id is not a known currency") : id;
        }
        if (body["currency"] is { } codeNode)
        {
            if (codeNode.GetValueKind() != JsonValueKind.String)
            {
                return Mismatch("currency", "an ISO-4217 code");
            }
            return Currencies.FindByCode(codeNode.GetValue<string>()) is { } currency
                ? currency.Id
                : ErrorCodes.ParameterInvalid.With("currency is not a known ISO-4217 code");
        }
        return type == CampaignTypes.PointsWallet ? Currencies.FindByCode("PTS")!.Id : chainCurrencyId;
    }
}
