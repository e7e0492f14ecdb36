using System.Globalization;
using System.Text.Json;
using Tessera.Domain.Pricing;
using Tessera.Domain.Reference;
using Tessera.Server.Protocol;
using static Tessera.Server.Protocol.JsonBody;

namespace Tessera.Server.Features.Baskets;

/// <summary>
/// Reads the JSON body of get-basket-price and add-basket. The first failure wins: 3 for a missing required
/// field, 316/423/300/417 for a field of the wrong kind, 337 for an unknown platform type, 319 for a return
/// line that is not negative, 420 for a bad country code. Bad payment methods are warnings (spec).
/// </summary>
public sealed class BasketRequest
{
    private readonly List<ApiWarning> _warnings = [];

    private readonly JsonBody _json = new();

    public ApiFailure? Failure => _json.Failure;

    public static Outcome<BasketInput> Parse(JsonDocument? body)
    {
        var reader = new BasketRequest();
        var input = reader.Read(body);
        return reader.Failure is { } failure ? failure : input!;
    }

    private BasketInput? Read(JsonDocument? document)
    {
        if (Root(document) is not { } root)
        {
            _json.Fail(ErrorCodes.JsonPostExpected, NotAJsonObject);
            return null;
        }
        if (Get(root, "entity") is not { ValueKind: JsonValueKind.Object } entityNode)
        {
            _json.Fail(ErrorCodes.HttpVarsMissing, "entity is required");
            return null;
        }
        if (Get(root, "basket") is not { ValueKind: JsonValueKind.Object } basket)
        {
            _json.Fail(ErrorCodes.HttpVarsMissing, "basket is required");
            return null;
        }
        var entity = ReadEntity(entityNode);
        var shopper = Get(root, "user") is { ValueKind: JsonValueKind.Object } user ? ReadShopper(user) : null;

        var platform = _json.Text(basket, "basket_platform_type", 16) ?? "in_store";
        if (platform is not ("in_store" or "online"))
        {
            _json.Fail(ErrorCodes.BasketPlatformTypeUnrecognised, "basket_platform_type must be in_store or online");
        }
        var code = _json.Text(basket, "retailer_basket_code", 255);
        if (string.IsNullOrWhiteSpace(code))
        {
            _json.Fail(ErrorCodes.HttpVarsMissing, "basket.retailer_basket_code is required");
        }
        var lockingCode = Blanks.NullIfBlank(_json.Text(basket, "voucher_locking_code", 255));
        var supplementary = new List<string>();
        if (Get(basket, "supplementary_basket_codes") is { ValueKind: JsonValueKind.Array } codes)
        {
            foreach (var c in codes.EnumerateArray())
            {
                if (JsonBody.Scalar(c) is { Length: > 0 } text)
                {
                    if (text.Length > 255)
                    {
                        _json.Fail(ErrorCodes.StringParameterTooLong, "supplementary_basket_codes must be 255 characters or less");
                    }
                    supplementary.Add(text);
                }
            }
        }
        var itemsSubtotal = _json.Money(basket, "basket_items_subtotal");
        var totalSent = Get(basket, "basket_total_price") is not null;
        var total = _json.Money(basket, "basket_total_price") ?? 0;
        var shipping = _json.Money(basket, "shipping_charge") ?? 0;
        var notes = _json.Text(basket, "basket_notes", 4095);
        var timestamp = Timestamp(basket);
        // spec (add-basket sample, lines 4911-4912 and 5025-5026): without a timestamp the basket is stamped now in UTC,
        // whatever timezone name came with the empty timestamp.
        var timezone = timestamp is null ? null : Blanks.NullIfBlank(_json.Text(basket, "basket_timezone_name", 64));
        // Too long is as invalid as unknown: 420 (not 417) for any code that is not two letters of ISO 3166-1.
        var country = Blanks.NullIfBlank(_json.Text(basket, "basket_country_code", 255))?.ToUpperInvariant();
        if (country is not null && !CountryCodes.IsValid(country))
        {
            _json.Fail(ErrorCodes.CountryCodeInvalid, "basket_country_code must be an ISO 3166-1 alpha-2 code");
        }
        int? currencyId = null;
        string? currencyCode = null;
        if (Get(basket, "basket_currency") is { ValueKind: JsonValueKind.Object } currency)
        {
            currencyId = _json.Int(currency, "currency_id") is { } id and > 0 ? id : null;
            // A code of any length is looked up: one that is not a currency's is 231 currency_not_found, not 417.
            currencyCode = Blanks.NullIfBlank(_json.Text(currency, "currency_code", 255))?.ToUpperInvariant();
            if (currencyId is null && currencyCode is null)
            {
                _json.Fail(ErrorCodes.BasketCurrencyMissing, "basket_currency needs a currency_id or a currency_code");
            }
        }
        else if (Get(basket, "basket_currency") is not null)
        {
            _json.Fail(ErrorCodes.BasketCurrencyMissing, "basket_currency must be an object with currency_id or currency_code");
        }
        var payments = Payments(basket, total);
        var taxes = new List<TaxInput>();
        if (Get(basket, "basket_tax") is { ValueKind: JsonValueKind.Array } taxArray)
        {
            foreach (var t in taxArray.EnumerateArray().Where(IsObject))
            {
                var rate = _json.Decimal(t, "tax_rate");
                var taxTotal = _json.Money(t, "tax_total");
                if (rate is { } r && taxTotal is { } tt)
                {
                    taxes.Add(new TaxInput(r, tt));
                }
            }
        }
        var lockExclusively = _json.Bool(basket, "basket_vouchers_lock_exclusively") ?? false;
        var items = new List<ItemInput>();
        if (Get(basket, "basket_items") is { ValueKind: JsonValueKind.Array } itemArray)
        {
            foreach (var item in itemArray.EnumerateArray())
            {
                if (!IsObject(item))
                {
                    _json.Fail(ErrorCodes.ParameterInvalid, "every basket item must be an object");
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
            _json.Fail(ErrorCodes.ParameterInvalid, "basket_items must be an array");
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
        var type = _json.Text(entity, "entity_type", 16);
        if (type is null)
        {
            _json.Fail(ErrorCodes.HttpVarsMissing, "entity.entity_type is required");
            return null;
        }
        if (type is not ("chain" or "business"))
        {
            _json.Fail(ErrorCodes.ParameterNotInWhitelist, "entity_type must be chain or business");
            return null;
        }
        var id = _json.Int(entity, "entity_id");
        if (id is null)
        {
            _json.Fail(ErrorCodes.HttpVarsMissing, "entity.entity_id is required");
            return null;
        }
        return new EntityInput(type, id.Value, _json.Int(entity, "branch_business_id"), Blanks.NullIfBlank(_json.Text(entity, "branch_business_owner_code", 255)),
            Blanks.NullIfBlank(_json.Text(entity, "employee_code", 64)), Blanks.NullIfBlank(_json.Text(entity, "employee_name", 255)));
    }

    private ShopperInput ReadShopper(JsonElement user) => new(
        Blanks.NullIfBlank(_json.Text(user, "member_programme", 64)),
        Blanks.NullIfBlank(_json.Text(user, "member_number", 255)),
        Blanks.NullIfBlank(_json.Text(user, "authentication_point_identifier", 255)),
        _json.Int(user, "spaaza_user_id"),
        _json.Bool(user, "send_email_receipt"));

    private ItemInput? ReadItem(JsonElement item, int position)
    {
        var isReturn = _json.Bool(item, "return_item") ?? false;
        var price = _json.Money(item, "item_price");
        if (price is null && !isReturn && Failure is null)
        {
            _json.Fail(ErrorCodes.HttpVarsMissing, $"basket_items[{position.ToString(CultureInfo.InvariantCulture)}].item_price is required");
        }
        if (isReturn && price is >= 0)
        {
            _json.Fail(ErrorCodes.ReturnItemNotNegativeValue, "a return item must have a negative item_price");
        }
        var quantity = Quantity(item);
        var type = _json.Text(item, "item_type", 32) ?? "product";
        if (type is not ("product" or "gift_certificate" or "shipping"))
        {
            _json.Fail(ErrorCodes.ParameterNotInWhitelist, "item_type must be product, gift_certificate or shipping");
        }
        var subtotal = _json.Money(item, "item_subtotal");
        if (isReturn && subtotal is > 0)
        {
            _json.Fail(ErrorCodes.ReturnItemNotNegativeValue, "a return item must have a negative item_subtotal");
        }
        List<DistributionInput>? distribution = null;
        if (Get(item, "basket_voucher_distribution") is { ValueKind: JsonValueKind.Array } parts)
        {
            distribution = [];
            foreach (var part in parts.EnumerateArray().Where(IsObject))
            {
                var amount = _json.Money(part, "voucher_distribution_amount") ?? 0;
                if (amount < 0)
                {
                    _json.Fail(ErrorCodes.CurrencyAmountInvalid, "voucher_distribution_amount cannot be negative");
                }
                distribution.Add(new DistributionInput(new VoucherRef(Blanks.NullIfBlank(_json.Text(part, "voucher_key", 64)), _json.Long(part, "voucher_id")), amount));
            }
        }
        List<ItemVoucherInput>? itemVouchers = null;
        if (Get(item, "item_vouchers") is { ValueKind: JsonValueKind.Array } named)
        {
            itemVouchers = [];
            foreach (var v in named.EnumerateArray().Where(IsObject))
            {
                var reference = new VoucherRef(Blanks.NullIfBlank(_json.Text(v, "voucher_key", 64)), _json.Long(v, "voucher_id"));
                var perUnit = _json.Money(v, "voucher_amount");
                if (perUnit < 0)
                {
                    _json.Fail(ErrorCodes.CurrencyAmountInvalid, "voucher_amount cannot be negative");
                }
                if (reference.Key is not null || reference.Id is not null)
                {
                    itemVouchers.Add(new ItemVoucherInput(reference, perUnit));
                }
            }
        }
        var metadata = new ProductMetadata(
            Blanks.NullIfBlank(_json.Text(item, "item_name", 255)) ?? Blanks.NullIfBlank(_json.Text(item, "product_name", 255)),
            Blanks.NullIfBlank(_json.Text(item, "item_description", 4095)),
            Blanks.NullIfBlank(_json.Text(item, "item_brand", 255)),
            Blanks.NullIfBlank(_json.Text(item, "item_season", 64)),
            Blanks.NullIfBlank(_json.Text(item, "item_category", 1024)),
            Blanks.NullIfBlank(_json.Text(item, "item_web_url", 1024)),
            Blanks.NullIfBlank(_json.Text(item, "item_image_url", 1024)),
            _json.Money(item, "item_cost_price"),
            Blanks.NullIfBlank(_json.Text(item, "item_colour", 64)),
            Blanks.NullIfBlank(_json.Text(item, "item_size", 64)));
        return new ItemInput(
            position,
            Blanks.NullIfBlank(_json.Text(item, "item_barcode", 255)),
            Blanks.NullIfBlank(_json.Text(item, "retailer_product_code", 255)),
            Blanks.NullIfBlank(_json.Text(item, "retailer_item_code", 255)),
            _json.Int(item, "spaaza_product_id"),
            _json.Int(item, "spaaza_product_variant_id"),
            Blanks.NullIfBlank(_json.Text(item, "retailer_product_variant_code", 255)),
            type,
            quantity,
            price,
            subtotal,
            _json.Bool(item, "item_is_promotional") ?? false,
            _json.Bool(item, "excluded_from_spaaza") ?? false,
            Blanks.NullIfBlank(_json.Text(item, "product_name", 255)) ?? metadata.Name,
            isReturn,
            Blanks.NullIfBlank(_json.Text(item, "original_retailer_basket_code", 255)),
            Blanks.NullIfBlank(_json.Text(item, "original_supplementary_basket_code", 255)),
            Blanks.NullIfBlank(_json.Text(item, "original_retailer_item_code", 255)),
            distribution,
            metadata,
            itemVouchers);
    }

    /// <summary>
    /// item_quantity, 1 when absent: a number above zero with at most three decimals, for goods sold by weight (ADR
    /// 0025). As before decimals were accepted, what is not a number (or too precise, or too large) is 300 and a
    /// number not above zero is 419. Trailing zeros are dropped, so the answer writes 3 for 3.0.
    /// </summary>
    private decimal Quantity(JsonElement item)
    {
        if (Get(item, "item_quantity") is not { } node)
        {
            return 1;
        }
        if (JsonBody.Scalar(node) is not { } text
            || !decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var quantity)
            || !Quantities.HasValidPrecision(quantity) || quantity > Quantities.Max)
        {
            _json.Fail(ErrorCodes.ParameterSuppliedNotInteger, "item_quantity must be a number with at most three decimals");
            return 1;
        }
        if (quantity <= 0)
        {
            _json.Fail(ErrorCodes.ParameterInvalid, "item_quantity must be above 0");
            return 1;
        }
        return Quantities.Normalize(quantity);
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
                var method = IsObject(node) ? JsonBody.Scalar(Get(node, "payment_method")) : null;
                if (string.IsNullOrWhiteSpace(method) || Get(node, "payment_amount") is not { } amount || !TryMoney(amount, out var cents))
                {
                    _warnings.Add(ApiWarning.About(ErrorCodes.ParameterInvalid, "payment_method", method, "payment_methods: every payment needs a payment_method and a payment_amount with at most two decimals; no payment method was saved"));
                    return [];
                }
                if (method.Length > 64)
                {
                    _warnings.Add(ApiWarning.About(ErrorCodes.StringParameterTooLong, "payment_method", method, "payment_method must be 64 characters or less; no payment method was saved"));
                    return [];
                }
                payments.Add(new PaymentInput(method, cents));
            }
        }
        else if (JsonBody.Scalar(Get(basket, "payment_method")) is { Length: > 0 } single)
        {
            if (single.Length > 64)
            {
                _warnings.Add(ApiWarning.About(ErrorCodes.StringParameterTooLong, "payment_method", single, "payment_method must be 64 characters or less; no payment method was saved"));
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
                var key = Blanks.NullIfBlank(_json.Text(v, "voucher_key", 64));
                var id = _json.Long(v, "voucher_id");
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
        var text = Blanks.NullIfBlank(_json.Text(basket, "basket_timestamp_iso8601", 64));
        if (text is null)
        {
            return null;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return parsed;
        }
        _json.Fail(ErrorCodes.ParameterInvalid, "basket_timestamp_iso8601 must be an ISO 8601 timestamp such as 2017-07-27T07:48:45+02:00");
        return null;
    }
}
