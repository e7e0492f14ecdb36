using System.Globalization;
using System.Text.Json;
using Tessera.Domain.Ledger;
using Tessera.Domain.Reference;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Baskets;

public sealed record EntityInput(string Type, int Id, int? BranchId, string? BranchOwnerCode, string? EmployeeCode, string? EmployeeName);

/// <summary>The shopper as sent; null for an anonymous basket (spec: "user": null).</summary>
public sealed record ShopperInput(string? MemberProgramme, string? MemberNumber, string? AuthenticationPointIdentifier, int? SpaazaUserId, bool? SendEmailReceipt);

public sealed record VoucherRef(string? Key, long? Id)
{
    public bool Matches(Data.Entities.Voucher voucher) =>
        Key is { Length: > 0 } key ? string.Equals(key, voucher.Key, StringComparison.OrdinalIgnoreCase) : Id == voucher.Id;
}

public sealed record DistributionInput(VoucherRef Voucher, long Cents);

/// <summary>An item voucher named on a line (spec item_vouchers): its amount is for one unit.</summary>
public sealed record ItemVoucherInput(VoucherRef Voucher, long? PerUnitCents);

/// <summary>Item metadata that creates or updates products and variants (spec: creating products and product variants).</summary>
public sealed record ProductMetadata(string? Name, string? Description, string? Brand, string? Season, string? Category, string? WebUrl, string? ImageUrl, long? CostPriceCents, string? Colour, string? Size);

public sealed record ItemInput(
    int Position,
    string? Barcode,
    string? RetailerProductCode,
    string? RetailerItemCode,
    int? SpaazaProductId,
    int? SpaazaVariantId,
    string? VariantCode,
    string ItemType,
    int Quantity,
    long? PriceCents,
    long? SubtotalCents,
    bool Promotional,
    bool Excluded,
    string? ProductName,
    bool IsReturn,
    string? OriginalRetailerBasketCode,
    string? OriginalSupplementaryBasketCode,
    string? OriginalRetailerItemCode,
    IReadOnlyList<DistributionInput>? Distribution,
    ProductMetadata Metadata,
    IReadOnlyList<ItemVoucherInput>? ItemVouchers = null);

public sealed record PaymentInput(string Method, long Cents);

public sealed record TaxInput(decimal Rate, long TotalCents);

/// <summary>A basket of get-basket-price or add-basket, checked field by field (spec: the request tables).</summary>
public sealed record BasketInput(
    EntityInput Entity,
    ShopperInput? Shopper,
    string PlatformType,
    string RetailerBasketCode,
    string? VoucherLockingCode,
    IReadOnlyList<string> SupplementaryCodes,
    long? ItemsSubtotalCents,
    long TotalCents,
    long ShippingCents,
    string? Notes,
    DateTimeOffset? Timestamp,
    string? TimezoneName,
    string? CountryCode,
    int? CurrencyId,
    string? CurrencyCode,
    IReadOnlyList<PaymentInput> Payments,
    IReadOnlyList<TaxInput> Taxes,
    bool LockExclusively,
    IReadOnlyList<ItemInput> Items,
    IReadOnlyList<VoucherRef> BasketVouchers,
    IReadOnlyList<VoucherRef> HonourVouchers,
    IReadOnlyList<ApiWarning> Warnings,
    bool TotalSent = true)
{
    public IEnumerable<ItemInput> Purchases => Items.Where(i => !i.IsReturn);

    public IEnumerable<ItemInput> Returns => Items.Where(i => i.IsReturn);
}

/// <summary>
/// Reads the JSON body of get-basket-price and add-basket. The first failure wins: 3 for a missing required
/// field, 316/423/300/417 for a field of the wrong kind, 337 for an unknown platform type, 319 for a return
/// line that is not negative, 420 for a bad country code. Bad payment methods are warnings (spec).
/// </summary>
public sealed class BasketRequest
{
    private readonly List<ApiWarning> _warnings = [];

    public ApiFailure? Failure { get; private set; }

    /// <summary>
    /// The body as a <see cref="JsonDocument"/> (pooled memory, no tree of nodes; the caller disposes it), or null
    /// when it is not JSON.
    /// </summary>
    public static async Task<JsonDocument?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// A property as JSON null and an absent one are alike (null), as they were when the body was a
    /// <c>JsonObject</c> tree; nothing read from the element outlives its document (strings are copied out).
    /// </summary>
    internal static JsonElement? Get(JsonElement o, string name) =>
        o.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    /// <summary>spec 229 json_post_expected: what a body that is not a JSON object is told.</summary>
    internal const string NotAJsonObject = "the body must be a JSON object (Content-Type: application/json)";

    /// <summary>The body's root when it is an object, else null (spec 229 json_post_expected).</summary>
    internal static JsonElement? Root(JsonDocument? body) => body?.RootElement is { ValueKind: JsonValueKind.Object } root ? root : null;

    public static Outcome<BasketInput> Parse(JsonDocument? body)
    {
        var reader = new BasketRequest();
        var input = reader.Read(body);
        return reader.Failure is { } failure ? failure : input!;
    }

    private void Fail(ApiError error, string message) => Failure ??= new ApiFailure(error, message);

    private BasketInput? Read(JsonDocument? document)
    {
        if (Root(document) is not { } root)
        {
            Fail(ErrorCodes.JsonPostExpected, NotAJsonObject);
            return null;
        }
        if (Get(root, "entity") is not { ValueKind: JsonValueKind.Object } entityNode)
        {
            Fail(ErrorCodes.HttpVarsMissing, "entity is required");
            return null;
        }
        if (Get(root, "basket") is not { ValueKind: JsonValueKind.Object } basket)
        {
            Fail(ErrorCodes.HttpVarsMissing, "basket is required");
            return null;
        }
        var entity = ReadEntity(entityNode);
        var shopper = Get(root, "user") is { ValueKind: JsonValueKind.Object } user ? ReadShopper(user) : null;

        var platform = Text(basket, "basket_platform_type", 16) ?? "in_store";
        if (platform is not ("in_store" or "online"))
        {
            Fail(ErrorCodes.BasketPlatformTypeUnrecognised, "basket_platform_type must be in_store or online");
        }
        var code = Text(basket, "retailer_basket_code", 255);
        if (string.IsNullOrWhiteSpace(code))
        {
            Fail(ErrorCodes.HttpVarsMissing, "basket.retailer_basket_code is required");
        }
        var lockingCode = Blank(Text(basket, "voucher_locking_code", 255));
        var supplementary = new List<string>();
        if (Get(basket, "supplementary_basket_codes") is { ValueKind: JsonValueKind.Array } codes)
        {
            foreach (var c in codes.EnumerateArray())
            {
                if (Scalar(c) is { Length: > 0 } text)
                {
                    if (text.Length > 255)
                    {
                        Fail(ErrorCodes.StringParameterTooLong, "supplementary_basket_codes must be 255 characters or less");
                    }
                    supplementary.Add(text);
                }
            }
        }
        var itemsSubtotal = Money(basket, "basket_items_subtotal");
        var totalSent = Get(basket, "basket_total_price") is not null;
        var total = Money(basket, "basket_total_price") ?? 0;
        var shipping = Money(basket, "shipping_charge") ?? 0;
        var notes = Text(basket, "basket_notes", 4095);
        var timestamp = Timestamp(basket);
        // spec (add-basket sample, lines 4911-4912 and 5025-5026): without a timestamp the basket is stamped now in UTC,
        // whatever timezone name came with the empty timestamp.
        var timezone = timestamp is null ? null : Blank(Text(basket, "basket_timezone_name", 64));
        // Too long is as invalid as unknown: 420 (not 417) for any code that is not two letters of ISO 3166-1.
        var country = Blank(Text(basket, "basket_country_code", 255))?.ToUpperInvariant();
        if (country is not null && !CountryCodes.IsValid(country))
        {
            Fail(ErrorCodes.CountryCodeInvalid, "basket_country_code must be an ISO 3166-1 alpha-2 code");
        }
        int? currencyId = null;
        string? currencyCode = null;
        if (Get(basket, "basket_currency") is { ValueKind: JsonValueKind.Object } currency)
        {
            currencyId = Int(currency, "currency_id") is { } id and > 0 ? id : null;
            // A code of any length is looked up: one that is not a currency's is 231 currency_not_found, not 417.
            currencyCode = Blank(Text(currency, "currency_code", 255))?.ToUpperInvariant();
            if (currencyId is null && currencyCode is null)
            {
                Fail(ErrorCodes.BasketCurrencyMissing, "basket_currency needs a currency_id or a currency_code");
            }
        }
        else if (Get(basket, "basket_currency") is not null)
        {
            Fail(ErrorCodes.BasketCurrencyMissing, "basket_currency must be an object with currency_id or currency_code");
        }
        var payments = Payments(basket, total);
        var taxes = new List<TaxInput>();
        if (Get(basket, "basket_tax") is { ValueKind: JsonValueKind.Array } taxArray)
        {
            foreach (var t in taxArray.EnumerateArray().Where(IsObject))
            {
                var rate = Decimal(t, "tax_rate");
                var taxTotal = Money(t, "tax_total");
                if (rate is { } r && taxTotal is { } tt)
                {
                    taxes.Add(new TaxInput(r, tt));
                }
            }
        }
        var lockExclusively = Bool(basket, "basket_vouchers_lock_exclusively") ?? false;
        var items = new List<ItemInput>();
        if (Get(basket, "basket_items") is { ValueKind: JsonValueKind.Array } itemArray)
        {
            foreach (var item in itemArray.EnumerateArray())
            {
                if (!IsObject(item))
                {
                    Fail(ErrorCodes.ParameterInvalid, "every basket item must be an object");
                    break;
                }
                if (ReadItem(item, items.Count) is { } parsed)
                {
                    items.Add(parsed);
                }
            }
        }
        else if (Get(basket, "basket_items") is not null)
        {
            Fail(ErrorCodes.ParameterInvalid, "basket_items must be an array");
        }
        var basketVouchers = VoucherRefs(basket, "basket_vouchers");
        var honourVouchers = VoucherRefs(basket, "honour_vouchers");
        if (Failure is not null)
        {
            return null;
        }
        return new BasketInput(entity!, shopper, platform, code!.Trim(), lockingCode, supplementary, itemsSubtotal, total, shipping, notes,
            timestamp, timezone, country, currencyId, currencyCode, payments, taxes, lockExclusively, items, basketVouchers, honourVouchers, _warnings, totalSent);
    }

    private EntityInput? ReadEntity(JsonElement entity)
    {
        var type = Text(entity, "entity_type", 16);
        if (type is null)
        {
            Fail(ErrorCodes.HttpVarsMissing, "entity.entity_type is required");
            return null;
        }
        if (type is not ("chain" or "business"))
        {
            Fail(ErrorCodes.ParameterNotInWhitelist, "entity_type must be chain or business");
            return null;
        }
        var id = Int(entity, "entity_id");
        if (id is null)
        {
            Fail(ErrorCodes.HttpVarsMissing, "entity.entity_id is required");
            return null;
        }
        return new EntityInput(type, id.Value, Int(entity, "branch_business_id"), Blank(Text(entity, "branch_business_owner_code", 255)),
            Blank(Text(entity, "employee_code", 64)), Blank(Text(entity, "employee_name", 255)));
    }

    private ShopperInput ReadShopper(JsonElement user) => new(
        Blank(Text(user, "member_programme", 64)),
        Blank(Text(user, "member_number", 255)),
        Blank(Text(user, "authentication_point_identifier", 255)),
        Int(user, "spaaza_user_id"),
        Bool(user, "send_email_receipt"));

    private ItemInput? ReadItem(JsonElement item, int position)
    {
        var isReturn = Bool(item, "return_item") ?? false;
        var price = Money(item, "item_price");
        if (price is null && !isReturn && Failure is null)
        {
            Fail(ErrorCodes.HttpVarsMissing, $"basket_items[{position.ToString(CultureInfo.InvariantCulture)}].item_price is required");
        }
        if (isReturn && price is >= 0)
        {
            Fail(ErrorCodes.ReturnItemNotNegativeValue, "a return item must have a negative item_price");
        }
        var quantity = Int(item, "item_quantity") ?? 1;
        if (quantity < 1)
        {
            Fail(ErrorCodes.ParameterInvalid, "item_quantity must be a whole number of at least 1");
        }
        var type = Text(item, "item_type", 32) ?? "product";
        if (type is not ("product" or "gift_certificate" or "shipping"))
        {
            Fail(ErrorCodes.ParameterNotInWhitelist, "item_type must be product, gift_certificate or shipping");
        }
        var subtotal = Money(item, "item_subtotal");
        if (isReturn && subtotal is > 0)
        {
            Fail(ErrorCodes.ReturnItemNotNegativeValue, "a return item must have a negative item_subtotal");
        }
        List<DistributionInput>? distribution = null;
        if (Get(item, "basket_voucher_distribution") is { ValueKind: JsonValueKind.Array } parts)
        {
            distribution = [];
            foreach (var part in parts.EnumerateArray().Where(IsObject))
            {
                var amount = Money(part, "voucher_distribution_amount") ?? 0;
                if (amount < 0)
                {
                    Fail(ErrorCodes.CurrencyAmountInvalid, "voucher_distribution_amount cannot be negative");
                }
                distribution.Add(new DistributionInput(new VoucherRef(Blank(Text(part, "voucher_key", 64)), Long(part, "voucher_id")), amount));
            }
        }
        List<ItemVoucherInput>? itemVouchers = null;
        if (Get(item, "item_vouchers") is { ValueKind: JsonValueKind.Array } named)
        {
            itemVouchers = [];
            foreach (var v in named.EnumerateArray().Where(IsObject))
            {
                var reference = new VoucherRef(Blank(Text(v, "voucher_key", 64)), Long(v, "voucher_id"));
                var perUnit = Money(v, "voucher_amount");
                if (perUnit < 0)
                {
                    Fail(ErrorCodes.CurrencyAmountInvalid, "voucher_amount cannot be negative");
                }
                if (reference.Key is not null || reference.Id is not null)
                {
                    itemVouchers.Add(new ItemVoucherInput(reference, perUnit));
                }
            }
        }
        var metadata = new ProductMetadata(
            Blank(Text(item, "item_name", 255)) ?? Blank(Text(item, "product_name", 255)),
            Blank(Text(item, "item_description", 4095)),
            Blank(Text(item, "item_brand", 255)),
            Blank(Text(item, "item_season", 64)),
            Blank(Text(item, "item_category", 1024)),
            Blank(Text(item, "item_web_url", 1024)),
            Blank(Text(item, "item_image_url", 1024)),
            Money(item, "item_cost_price"),
            Blank(Text(item, "item_colour", 64)),
            Blank(Text(item, "item_size", 64)));
        return new ItemInput(
            position,
            Blank(Text(item, "item_barcode", 255)),
            Blank(Text(item, "retailer_product_code", 255)),
            Blank(Text(item, "retailer_item_code", 255)),
            Int(item, "spaaza_product_id"),
            Int(item, "spaaza_product_variant_id"),
            Blank(Text(item, "retailer_product_variant_code", 255)),
            type,
            quantity,
            price,
            subtotal,
            Bool(item, "item_is_promotional") ?? false,
            Bool(item, "excluded_from_spaaza") ?? false,
            Blank(Text(item, "product_name", 255)) ?? metadata.Name,
            isReturn,
            Blank(Text(item, "original_retailer_basket_code", 255)),
            Blank(Text(item, "original_supplementary_basket_code", 255)),
            Blank(Text(item, "original_retailer_item_code", 255)),
            distribution,
            metadata,
            itemVouchers);
    }

    /// <summary>
    /// spec: both fields of a payment method must be there or it is not recorded; a single
    /// <c>payment_method</c> pays the whole <c>basket_total_price</c>; an error is a warning and then no
    /// payment method is saved at all.
    /// </summary>
    private List<PaymentInput> Payments(JsonElement basket, long totalCents)
    {
        var payments = new List<PaymentInput>();
        if (Get(basket, "payment_methods") is { ValueKind: JsonValueKind.Array } array)
        {
            foreach (var node in array.EnumerateArray())
            {
                var method = IsObject(node) ? Scalar(Get(node, "payment_method")) : null;
                if (string.IsNullOrWhiteSpace(method) || Get(node, "payment_amount") is not { } amount || !TryMoney(amount, out var cents))
                {
                    _warnings.Add(new ApiWarning(ErrorCodes.ParameterInvalid, "payment_methods: every payment needs a payment_method and a payment_amount with at most two decimals; no payment method was saved"));
                    return [];
                }
                if (method.Length > 64)
                {
                    _warnings.Add(new ApiWarning(ErrorCodes.StringParameterTooLong, "payment_method must be 64 characters or less; no payment method was saved"));
                    return [];
                }
                payments.Add(new PaymentInput(method, cents));
            }
        }
        else if (Scalar(Get(basket, "payment_method")) is { Length: > 0 } single)
        {
            if (single.Length > 64)
            {
                _warnings.Add(new ApiWarning(ErrorCodes.StringParameterTooLong, "payment_method must be 64 characters or less; no payment method was saved"));
                return [];
            }
            payments.Add(new PaymentInput(single, totalCents));
        }
        return payments;
    }

    private List<VoucherRef> VoucherRefs(JsonElement basket, string name)
    {
        var refs = new List<VoucherRef>();
        if (Get(basket, name) is { ValueKind: JsonValueKind.Array } array)
        {
            foreach (var v in array.EnumerateArray().Where(IsObject))
            {
                var key = Blank(Text(v, "voucher_key", 64));
                var id = Long(v, "voucher_id");
                if (key is not null || id is not null)
                {
                    refs.Add(new VoucherRef(key, id));
                }
            }
        }
        return refs;
    }

    private DateTimeOffset? Timestamp(JsonElement basket)
    {
        var text = Blank(Text(basket, "basket_timestamp_iso8601", 64));
        if (text is null)
        {
            return null;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return parsed;
        }
        Fail(ErrorCodes.ParameterInvalid, "basket_timestamp_iso8601 must be an ISO 8601 timestamp such as 2017-07-27T07:48:45+02:00");
        return null;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>A string or a number given as the value (codes "can be numeric").</summary>
    internal static string? Scalar(JsonElement? node) => node?.ValueKind switch
    {
        JsonValueKind.String => node.Value.GetString(),
        JsonValueKind.Number => node.Value.GetRawText(),
        _ => null,
    };

    private static bool IsObject(JsonElement element) => element.ValueKind == JsonValueKind.Object;

    private string? Text(JsonElement o, string name, int maxLength)
    {
        var node = Get(o, name);
        if (node is null)
        {
            return null;
        }
        var text = Scalar(node);
        if (text is null)
        {
            Fail(ErrorCodes.ParameterInvalid, $"{name} must be a string");
            return null;
        }
        if (text.Length > maxLength)
        {
            Fail(ErrorCodes.StringParameterTooLong, $"{name} must be {maxLength.ToString(CultureInfo.InvariantCulture)} characters or less");
        }
        return text;
    }

    private bool? Bool(JsonElement o, string name)
    {
        switch (Get(o, name)?.ValueKind)
        {
            case null:
                return null;
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            default:
                Fail(ErrorCodes.ParameterSuppliedNotBoolean, $"{name} must be true or false");
                return null;
        }
    }

    private long? Long(JsonElement o, string name)
    {
        var node = Get(o, name);
        if (node is null)
        {
            return null;
        }
        if (Scalar(node) is { } text && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        Fail(ErrorCodes.ParameterSuppliedNotInteger, $"{name} must be an integer");
        return null;
    }

    private int? Int(JsonElement o, string name) => Long(o, name) is { } value
        ? value is >= int.MinValue and <= int.MaxValue ? (int)value : FailInt(name)
        : null;

    private int? FailInt(string name)
    {
        Fail(ErrorCodes.ParameterSuppliedNotInteger, $"{name} is out of range");
        return null;
    }

    private decimal? Decimal(JsonElement o, string name)
    {
        var node = Get(o, name);
        if (node is null)
        {
            return null;
        }
        if (Scalar(node) is { } text && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        Fail(ErrorCodes.CurrencyAmountInvalid, $"{name} must be a number");
        return null;
    }

    /// <summary>An amount in hundredths: a number (or numeric string) with at most two decimals (spec 300).</summary>
    private long? Money(JsonElement o, string name)
    {
        if (Get(o, name) is not { } node)
        {
            return null;
        }
        if (TryMoney(node, out var cents))
        {
            return cents;
        }
        Fail(ErrorCodes.CurrencyAmountInvalid, $"{name} must be an amount with at most two decimals");
        return null;
    }

    private static bool TryMoney(JsonElement node, out long cents)
    {
        cents = 0;
        return Scalar(node) is { } text
            && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount)
            && Cents.TryFromDecimal(amount, out cents);
    }
}
