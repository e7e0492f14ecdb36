// Kept as one file (the one exception to the ~400-line rule in Features/Baskets): every basket answer (get-basket-price,
// add-basket, return) is written here by one Utf8JsonWriter, and the writers of its parts (lines, vouchers, returns,
// progress) share the field names, formats and order the spec samples fix; split, the parts of one answer's shape
// would sit in several files and drift apart.
using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Tessera.Domain.Ledger;
using Tessera.Domain.Pricing;
using Tessera.Domain.Reference;
using Tessera.Server.Data.Entities;
using Tessera.Server.Data.Sql;
using Tessera.Server.Features.Baskets.Returns;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Baskets;

/// <summary>
/// The JSON of the get-basket-price, add-basket and return answers, field for field as the samples, written straight
/// to a <see cref="Utf8JsonWriter"/>: a ten-line answer is about 10 kB, and building it as a tree of nodes first cost
/// seven times the memory and twice the time.
/// </summary>
public static class BasketView
{
    private static decimal Money(long cents) => Cents.ToDecimal(cents);

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _buffer;

    /// <summary>The JSON text <paramref name="write"/> writes (one value).</summary>
    public static string ToJson(Action<Utf8JsonWriter> write) => Encoding.UTF8.GetString(Written(write));

    /// <summary>
    /// The UTF-8 JSON <paramref name="write"/> writes (one value). Answers stay in UTF-8 from here to the response
    /// and the database: a string would be twice their size and be copied twice more on its way out.
    /// </summary>
    public static byte[] ToUtf8(Action<Utf8JsonWriter> write) => Written(write).ToArray();

    /// <summary>What <paramref name="write"/> wrote, in a buffer kept per thread (valid until the thread's next call).</summary>
    private static ReadOnlySpan<byte> Written(Action<Utf8JsonWriter> write)
    {
        var buffer = _buffer ??= new ArrayBufferWriter<byte>(16 * 1024);
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer, SpaazaJson.WriterOptions))
        {
            write(writer);
        }
        if (buffer.Capacity > 1024 * 1024)
        {
            _buffer = null; // a rare huge answer does not stay with the thread
        }
        return buffer.WrittenSpan;
    }

    /// <summary>get-basket-price: entity, user and the priced basket.</summary>
    public static byte[] PriceResults(PricedBasket priced, DateTime now) => ToUtf8(w =>
    {
        w.WriteStartObject();
        w.WritePropertyName("entity");
        Entity(w, priced.Input.Entity, priced.Scope);
        w.WritePropertyName("user");
        User(w, priced.Input.Shopper, priced.Scope.Member, priced.MemberProgramme);
        w.WritePropertyName("basket");
        Basket(w, priced, now);
        w.WriteEndObject();
    });

    /// <summary>add-basket: the stored basket and its user; an anonymous shopper's as that sample.</summary>
    public static byte[] StoredResults(PricedBasket priced, Basket stored, DateTime now) => ToUtf8(w =>
    {
        if (priced.Scope.Member is null && priced.Returns.Count == 0)
        {
            AnonymousResults(w, priced, stored, now);
            return;
        }
        w.WriteStartObject();
        w.WritePropertyName("basket");
        Basket(w, priced, now);
        w.WritePropertyName("user");
        User(w, priced.Input.Shopper, priced.Scope.Member, priced.MemberProgramme);
        w.WriteEndObject();
    });

    private static void Entity(Utf8JsonWriter w, EntityInput entity, BasketScope scope)
    {
        w.WriteStartObject();
        w.WriteString("entity_type", entity.Type);
        w.WriteNumber("entity_id", entity.Id);
        String(w, "branch_business_owner_code", scope.Branch?.OwnerCode ?? entity.BranchOwnerCode);
        Number(w, "branch_business_id", scope.Branch?.Id);
        String(w, "employee_code", entity.EmployeeCode);
        String(w, "employee_name", entity.EmployeeName);
        w.WriteEndObject();
    }

    /// <summary>
    /// The answer's user: the shopper as sent, with the member found; a member recognised from the items returned
    /// (anonymous returns) is named by their own programme (<see cref="PricedBasket.MemberProgramme"/>) and number.
    /// </summary>
    private static void User(Utf8JsonWriter w, ShopperInput? shopper, User? member, string? programme)
    {
        if (shopper is null && member is null)
        {
            w.WriteNullValue();
            return;
        }
        w.WriteStartObject();
        w.WriteString("member_programme", programme ?? "spaaza");
        // The member's own number: the one sent, unless the member was recognised otherwise (anonymous returns).
        String(w, "member_number", member?.MemberNumber ?? shopper?.MemberNumber);
        Number(w, "user_id", member?.Id);
        Number(w, "spaaza_user_id", member?.Id);
        Bool(w, "send_email_receipt", shopper?.SendEmailReceipt);
        w.WriteEndObject();
    }

    /// <summary>A basket timestamp as sent, with its offset (spec basket_timestamp_iso8601).</summary>
    public static string? Timestamp(DateTimeOffset? timestamp) => timestamp?.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private static string Timestamp(PricedBasket priced, DateTime now) =>
        Timestamp(priced.Input.Timestamp) ?? SpaazaDates.Iso(priced.Stored?.PurchasedAt ?? now);

    private static void Basket(Utf8JsonWriter w, PricedBasket priced, DateTime now)
    {
        var input = priced.Input;
        var scope = priced.Scope;
        w.WriteStartObject();
        if (priced.Stored is { } stored)
        {
            w.WriteNumber("id", stored.Id);
        }
        w.WriteNumber("chain_id", scope.Chain.Id);
        Number(w, "business_id", scope.Branch?.Id);
        w.WriteString("basket_platform_type", input.PlatformType);
        w.WriteNumber("currency_id", scope.Currency.Id);
        w.WriteStartObject("basket_currency");
        w.WriteNumber("currency_id", scope.Currency.Id);
        w.WriteString("currency_code", scope.Currency.Code);
        w.WriteEndObject();
        w.WriteNumber("basket_total_price", Money(input.TotalCents));
        w.WriteNumber("basket_items_subtotal", Money(input.ItemsSubtotalCents ?? priced.Lines.Sum(l => l.SubtotalCents)));
        w.WriteNumber("shipping_charge", Money(input.ShippingCents));
        w.WriteString("basket_timestamp_iso8601", Timestamp(priced, now));
        w.WriteString("basket_timezone_name", input.TimezoneName ?? "UTC");
        String(w, "basket_country_code", scope.CountryCode);
        w.WriteString("retailer_basket_code", input.RetailerBasketCode);
        String(w, "voucher_locking_code", input.VoucherLockingCode);
        w.WritePropertyName("payment_methods");
        Payments(w, input);
        w.WritePropertyName("basket_tax");
        Taxes(w, priced);
        String(w, "basket_notes", input.Notes);
        w.WriteStartArray("basket_items");
        foreach (var line in priced.Lines)
        {
            Item(w, line);
        }
        w.WriteEndArray();
        // spec exchange sample: get-basket-price shows a regenerated voucher only in regenerated_rewards (and the lines).
        w.WriteStartArray("basket_vouchers_applied");
        foreach (var v in priced.Vouchers.Where(v => priced.Stored is not null || v.RegeneratedFrom is null))
        {
            Voucher(w, v, priced, now);
        }
        w.WriteEndArray();
        w.WriteStartArray("honour_vouchers_applied");
        foreach (var v in priced.Honour)
        {
            Voucher(w, v, priced, now);
        }
        w.WriteEndArray();
        w.WritePropertyName("return_transactions");
        ReturnTransactions(w, priced);
        w.WriteStartArray("regenerated_rewards");
        foreach (var v in priced.Regenerated)
        {
            Voucher(w, v, priced, now);
        }
        w.WriteEndArray();
        w.WritePropertyName("purchase_progress");
        PurchaseProgress(w, priced);
        w.WritePropertyName("supplementary_basket_codes");
        if (input.SupplementaryCodes.Count == 0)
        {
            w.WriteNullValue();
        }
        else
        {
            w.WriteStartArray();
            foreach (var code in input.SupplementaryCodes)
            {
                w.WriteStringValue(code);
            }
            w.WriteEndArray();
        }
        w.WriteStartObject("employee");
        String(w, "employee_code", input.Entity.EmployeeCode);
        String(w, "employee_name", input.Entity.EmployeeName);
        w.WriteEndObject();
        if (priced.Stored is null)
        {
            w.WriteNumber("basket_total_price_adjusted", Money(priced.AdjustedTotalCents));
        }
        w.WriteEndObject();
    }

    /// <summary>The payment methods as recorded with the basket (spec payment_methods).</summary>
    public static string PaymentsJson(BasketInput input) => ToJson(w => Payments(w, input));

    /// <summary>The tax lines as recorded with the basket (spec basket_tax), with their ids and the basket's.</summary>
    public static string TaxesJson(PricedBasket priced) => ToJson(w => Taxes(w, priced));

    private static void Payments(Utf8JsonWriter w, BasketInput input)
    {
        w.WriteStartArray();
        foreach (var p in input.Payments)
        {
            w.WriteStartObject();
            w.WriteString("payment_method", p.Method);
            w.WriteNumber("payment_amount", Money(p.Cents));
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>
    /// spec basket_tax: the rate and total of each tax line; a stored basket's (add-basket) also with the line's
    /// <c>id</c> and <c>basket_id</c>, as that sample.
    /// </summary>
    private static void Taxes(Utf8JsonWriter w, PricedBasket priced)
    {
        var taxes = priced.Input.Taxes;
        var stored = priced.Stored is { } basket && priced.TaxIds.Count == taxes.Count ? basket : null;
        w.WriteStartArray();
        for (var i = 0; i < taxes.Count; i++)
        {
            var t = taxes[i];
            w.WriteStartObject();
            if (stored is not null)
            {
                w.WriteNumber("id", priced.TaxIds[i]);
                w.WriteNumber("basket_id", stored.Id);
            }
            w.WriteNumber("tax_rate", t.Rate);
            w.WriteNumber("tax_total", Money(t.TotalCents));
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void Item(Utf8JsonWriter w, BasketLine line)
    {
        var input = line.Input;
        w.WriteStartObject();
        if (line.Row is { } row)
        {
            w.WriteNumber("id", row.Id);
        }
        Number(w, "spaaza_product_id", line.Product?.Id);
        Number(w, "spaaza_product_variant_id", line.Variant?.Id);
        String(w, "item_barcode", input.Barcode);
        String(w, "product_name", input.ProductName ?? line.Product?.Name);
        String(w, "retailer_product_code", input.RetailerProductCode);
        String(w, "retailer_item_code", input.RetailerItemCode);
        w.WriteString("item_type", input.ItemType);
        w.WriteNumber("item_quantity", input.Quantity);
        w.WriteBoolean("item_is_promotional", input.Promotional);
        // spec: item_price is the price after item vouchers, per unit; item_original_price before them.
        var perUnitOff = input.Quantity > 0 ? Quantities.PerUnit(line.ItemVoucherCents, input.Quantity) : 0;
        w.WriteNumber("item_price", Money(line.PriceCents - perUnitOff));
        w.WriteNumber("item_original_price", Money(line.PriceCents));
        w.WriteNumber("item_subtotal", Money(line.SubtotalCents));
        w.WriteBoolean("is_identified", line.Product is not null || line.Variant is not null);
        w.WriteBoolean("excluded_from_spaaza", input.Excluded);
        if (line.ItemVouchers.Count > 0)
        {
            w.WriteStartArray("item_vouchers");
            foreach (var v in line.ItemVouchers)
            {
                w.WriteStartObject();
                String(w, "voucher_key", KeyOf(v.Voucher));
                Number(w, "voucher_id", IdOf(v.Voucher));
                w.WriteNumber("voucher_amount", Money(Quantities.PerUnit(v.RedeemedCents, input.Quantity)));
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        if (line.Distribution.Count > 0)
        {
            w.WriteStartArray("basket_voucher_distribution");
            foreach (var (applied, cents) in line.Distribution)
            {
                w.WriteStartObject();
                Number(w, "voucher_campaign_id", applied.Campaign?.Id ?? applied.Voucher.CampaignId);
                String(w, "voucher_campaign_title", applied.Campaign?.Title);
                String(w, "voucher_key", KeyOf(applied.Voucher));
                Number(w, "voucher_id", IdOf(applied.Voucher));
                w.WriteString("voucher_type", applied.Voucher.Type);
                w.WriteNumber("voucher_distribution_amount", Money(cents));
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        if (line.Earnings.Count > 0)
        {
            w.WriteStartArray("purchase_progress_distribution");
            foreach (var (earned, cents) in line.Earnings)
            {
                w.WriteStartObject();
                w.WriteNumber("purchase_progress_campaign_id", earned.Wallet.Id);
                w.WriteString("purchase_progress_campaign_title", earned.Wallet.Title);
                w.WriteString("purchase_progress_campaign_type", earned.Wallet.Type);
                w.WriteNumber("purchase_progress_distribution_amount", Money(cents));
                w.WritePropertyName("contributing_campaign");
                Contributing(w, earned.Contributing);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        if (line.Product is { } product)
        {
            w.WritePropertyName("product");
            Product(w, product, line.Variant);
        }
        w.WriteEndObject();
    }

    private static void Contributing(Utf8JsonWriter w, Campaign c)
    {
        w.WriteStartObject();
        w.WriteNumber("campaign_id", c.Id);
        w.WriteString("campaign_title", c.Title);
        w.WriteString("campaign_type", c.Type);
        w.WriteEndObject();
    }

    private static string? KeyOf(Voucher v) => v.Id == 0 ? null : v.Key;

    private static long? IdOf(Voucher v) => v.Id == 0 ? null : v.Id;

    private static void Product(Utf8JsonWriter w, Product p, ProductVariant? v)
    {
        w.WriteStartObject();
        w.WriteNumber("id", p.Id);
        w.WriteString("owner_code", p.OwnerCode);
        String(w, "name", p.Name);
        String(w, "description", p.Description);
        Number(w, "price", p.PriceCents is { } price ? Money(price) : null);
        String(w, "brand", p.Brand);
        String(w, "season", p.Season);
        String(w, "category", p.Category);
        String(w, "webshop_url", p.WebUrl);
        String(w, "image_url", p.ImageUrl);
        w.WriteString("last_modified_date", SpaazaDates.Utc(p.UpdatedAt));
        w.WriteString("created_date", SpaazaDates.Utc(p.CreatedAt));
        w.WritePropertyName("product_variant");
        if (v is null)
        {
            w.WriteNullValue();
        }
        else
        {
            w.WriteStartObject();
            w.WriteNumber("id", v.Id);
            w.WriteString("condition", "new");
            String(w, "colour", v.Colour);
            w.WriteStartArray("barcode");
            w.WriteStringValue(v.Barcode);
            w.WriteEndArray();
            String(w, "size", v.Size);
            Number(w, "price", v.PriceCents is { } vp ? Money(vp) : null);
            Number(w, "cost_price", v.CostPriceCents is { } cp ? Money(cp) : null);
            String(w, "image_url", v.ImageUrl);
            String(w, "web_url", v.WebUrl);
            w.WriteString("last_modified_date", SpaazaDates.Utc(v.UpdatedAt));
            w.WriteString("created_date", SpaazaDates.Utc(v.CreatedAt));
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    /// <summary>An applied, honour or regenerated voucher (spec: basket_vouchers_applied, regenerated_rewards).</summary>
    private static void Voucher(Utf8JsonWriter w, BasketVoucher applied, PricedBasket priced, DateTime now)
    {
        var v = applied.Voucher;
        var currency = v.CurrencyId is { } id ? Currencies.FindById(id) : null;
        var honour = v.Type == Vouchers.VoucherService.Honour;
        var redeemedHere = applied.RegeneratedFrom is not null && !priced.Vouchers.Contains(applied) ? 0 : applied.RedeemedCents;
        var amount = applied.RegeneratedFrom is { } r ? r.Refund.Cents : honour ? 0 : redeemedHere;
        var locked = v.LockedUntil is { } until && until > now;
        w.WriteStartObject();
        String(w, "voucher_key", KeyOf(v));
        Number(w, "voucher_id", IdOf(v));
        w.WriteString("voucher_status", v.Status);
        w.WriteBoolean("voucher_locked", locked || (v.Status == "redeemed" && v.LockedUntil is not null));
        Number(w, "campaign_id", v.CampaignId);
        String(w, "campaign_type", applied.Campaign?.Type);
        String(w, "campaign_title", applied.Campaign?.Title);
        w.WriteString("voucher_expiry_datetime_utc", SpaazaDates.Utc(Vouchers.VoucherView.Expiry(v.ExpiresAt)));
        w.WriteNumber("voucher_expiry_seconds_remaining", Vouchers.VoucherView.SecondsRemaining(v.ExpiresAt, now));
        String(w, "voucher_redeemed_datetime", SpaazaDates.Iso(v.RedeemedAt));
        Number(w, "voucher_currency_id", v.CurrencyId);
        String(w, "voucher_currency_symbol", currency?.Symbol);
        w.WriteNumber("voucher_amount_original", Money(v.AmountOriginalCents ?? (honour ? 0 : applied.RedeemedCents)));
        w.WriteNumber("voucher_amount_redeemed", Money(honour ? 0 : applied.RegeneratedFrom is not null ? redeemedHere : applied.RedeemedCents));
        w.WriteNumber("voucher_amount", Money(amount));
        w.WriteString("voucher_text", v.Text ?? "");
        w.WriteString("voucher_type", v.Type);
        String(w, "voucher_basket_owner_code_exclusive", v.RetailerBasketCodeExclusive);
        String(w, "voucher_locking_code", v.LockingCode);
        String(w, "voucher_honour_code", v.HonourCode);
        w.WritePropertyName("redeeming_basket");
        if (v.RedeemingBasketId is { } basketId && priced.Stored is { } stored && stored.Id == basketId)
        {
            w.WriteStartObject();
            w.WriteNumber("basket_id", basketId);
            w.WriteString("retailer_basket_code", stored.RetailerBasketCode);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNullValue();
        }
        if (applied.RegeneratedFrom is { } from)
        {
            var parent = from.Refund.Voucher;
            w.WriteStartObject("generating_return_transaction");
            Number(w, "return_transaction_id", from.Return.Transaction?.Id);
            Number(w, "returning_basket_id", from.Return.Transaction?.ReturningBasketId);
            // get-basket-price: the transaction does not exist yet; the code is this basket's.
            String(w, "returning_basket_retailer_basket_code",
                priced.Stored is null || from.Return.Transaction?.ReturningBasketId is not null ? priced.Input.RetailerBasketCode : null);
            w.WriteEndObject();
            w.WriteStartObject("parent_voucher");
            w.WriteNumber("voucher_id", parent.Id);
            w.WriteString("voucher_key", parent.Key);
            String(w, "voucher_redeemed_datetime", SpaazaDates.Iso(parent.RedeemedAt));
            Number(w, "voucher_amount_original", parent.AmountOriginalCents is { } o ? Money(o) : null);
            w.WriteNumber("voucher_amount_redeemed", Money(parent.AmountRedeemedCents));
            w.WriteNumber("voucher_amount", Money(parent.AmountRedeemedCents));
            w.WriteStartObject("redeeming_basket");
            w.WriteNumber("basket_id", from.Return.OriginalBasket.Id);
            w.WriteString("retailer_basket_code", from.Return.OriginalBasket.RetailerBasketCode);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    private static void Refunds(Utf8JsonWriter w, ReturnLine line)
    {
        w.WriteStartArray();
        foreach (var r in line.Refunds)
        {
            w.WriteStartObject();
            w.WriteString("voucher_key", r.Voucher.Key);
            w.WriteNumber("voucher_id", r.Voucher.Id);
            Number(w, "campaign_id", r.Voucher.CampaignId);
            w.WriteNumber("amount", Money(r.Cents));
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void Reclaims(Utf8JsonWriter w, ReturnLine line)
    {
        w.WriteStartArray();
        foreach (var r in line.Reclaims)
        {
            w.WriteStartObject();
            w.WriteNumber("campaign_id", r.Wallet.Id);
            w.WriteNumber("amount", Money(r.Cents));
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void ReturnTransactions(Utf8JsonWriter w, PricedBasket priced)
    {
        w.WriteStartArray();
        foreach (var group in priced.Returns.GroupBy(r => r.OriginalBasket.Id))
        {
            w.WriteStartObject();
            Number(w, "id", group.First().Transaction?.Id);
            w.WriteNumber("basket_id", group.Key);
            Number(w, "returning_basket_id", priced.Stored?.Id);
            w.WriteStartArray("returned_items");
            foreach (var l in group)
            {
                w.WriteStartObject();
                Number(w, "id", l.Returned?.Id);
                Number(w, "return_transaction_id", l.Transaction?.Id);
                w.WriteNumber("item_id", l.Original.Id);
                w.WriteNumber("return_price", Money(l.ReturnPriceCents));
                w.WriteNumber("quantity", l.Quantity);
                String(w, "owner_code", l.Original.RetailerItemCode);
                w.WriteNumber("sale_price", Money(l.Original.PriceCents));
                w.WritePropertyName("voucher_distribution_refunds");
                Refunds(w, l);
                w.WritePropertyName("purchase_progress_distribution_reclaims");
                Reclaims(w, l);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>spec purchase_progress: what each wallet and progress campaign gained or lost; null for nothing.</summary>
    private static void PurchaseProgress(Utf8JsonWriter w, PricedBasket priced)
    {
        if (priced.Earned.Count == 0 && priced.Progress.Count == 0 && !priced.Returns.Any(r => r.Reclaims.Count > 0))
        {
            w.WriteNullValue();
            return;
        }
        w.WriteStartArray();
        foreach (var earned in priced.Earned)
        {
            w.WriteStartObject();
            w.WriteNumber("purchase_progress_campaign_id", earned.Wallet.Id);
            w.WriteString("purchase_progress_campaign_title", earned.Wallet.Title);
            w.WriteString("purchase_progress_campaign_type", earned.Wallet.Type);
            w.WriteNumber("purchase_progress_amount", Money(earned.TotalCents));
            w.WritePropertyName("contributing_campaign");
            Contributing(w, earned.Contributing);
            w.WriteEndObject();
        }
        foreach (var made in priced.Progress)
        {
            w.WriteStartObject();
            w.WriteNumber("purchase_progress_campaign_id", made.Campaign.Id);
            w.WriteString("purchase_progress_campaign_title", made.Campaign.Title);
            w.WriteString("purchase_progress_campaign_type", made.Campaign.Type);
            if (made.Unit == "spend")
            {
                w.WriteNumber("purchase_progress_amount", Money(made.Delta));
            }
            else
            {
                w.WriteNumber("purchase_progress_amount", made.Delta);
            }
            w.WriteNull("contributing_campaign");
            w.WriteEndObject();
        }
        foreach (var line in priced.Returns)
        {
            foreach (var reclaim in line.Reclaims)
            {
                w.WriteStartObject();
                w.WriteNumber("purchase_progress_campaign_id", reclaim.Wallet.Id);
                w.WriteString("purchase_progress_campaign_title", reclaim.Wallet.Title);
                w.WriteString("purchase_progress_campaign_type", reclaim.Wallet.Type);
                w.WriteNumber("purchase_progress_amount", Money(reclaim.Cents));
                w.WriteNull("contributing_campaign");
                Number(w, "return_transaction_id", line.Transaction?.Id);
                Number(w, "returned_item_id", line.Returned?.Id);
                w.WriteEndObject();
            }
        }
        w.WriteEndArray();
    }

    /// <summary>The add-basket answer for an anonymous shopper: "user": null and the basket of that sample.</summary>
    private static void AnonymousResults(Utf8JsonWriter w, PricedBasket priced, Basket stored, DateTime now)
    {
        var currency = priced.Scope.Currency;
        w.WriteStartObject();
        w.WriteNull("user");
        w.WriteStartObject("basket");
        w.WriteNumber("id", stored.Id);
        w.WriteNumber("chain_id", stored.ChainId);
        w.WriteStartObject("business");
        Number(w, "id", priced.Scope.Branch?.Id);
        w.WriteEndObject();
        w.WriteString("basket_timestamp_iso8601", Timestamp(priced, now));
        w.WriteString("basket_timezone_name", priced.Input.TimezoneName ?? "UTC");
        String(w, "basket_country_code", priced.Scope.CountryCode);
        w.WriteString("app_platform_type", priced.Input.PlatformType);
        w.WriteStartObject("currency");
        w.WriteNumber("currency_id", currency.Id);
        w.WriteString("currency_code", currency.Code);
        w.WriteString("currency_name_en", currency.Name);
        w.WriteString("currency_symbol", currency.Symbol);
        w.WriteEndObject();
        w.WriteNumber("total_value", Money(priced.Input.TotalCents));
        w.WriteString("owner_code", priced.Input.RetailerBasketCode);
        w.WriteStartArray("items");
        foreach (var l in priced.Lines)
        {
            w.WriteStartObject();
            Number(w, "id", l.Row?.Id);
            String(w, "item_barcode", l.Input.Barcode);
            w.WriteNumber("product_sale_price", Money(l.PriceCents));
            w.WriteNumber("basket_item_quantity", l.Input.Quantity);
            String(w, "retailer_item_code", l.Input.RetailerItemCode);
            w.WriteNumber("basket_item_subtotal", Money(l.SubtotalCents));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("honour_vouchers_applied");
        foreach (var v in priced.Honour)
        {
            Voucher(w, v, priced, now);
        }
        w.WriteEndArray();
        w.WritePropertyName("payment_methods");
        Payments(w, priced.Input);
        w.WritePropertyName("basket_tax");
        Taxes(w, priced);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>spec return (standalone): the return transaction, its returned items and the regenerated vouchers.</summary>
    public static string StandaloneReturnResults(PricedBasket priced, ReturnTransaction returned, Basket original, IReadOnlyList<ReturnLine> lines, DateTime now) => ToJson(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("id", returned.Id);
        w.WriteNumber("basket_id", original.Id);
        w.WriteString("retailer_basket_code", original.RetailerBasketCode);
        w.WriteStartArray("returned_items");
        foreach (var l in lines)
        {
            w.WriteStartObject();
            w.WriteNumber("id", l.Returned!.Id);
            w.WriteNumber("item_id", l.Original.Id);
            String(w, "owner_code", l.Original.RetailerItemCode);
            w.WriteNumber("quantity", l.Quantity);
            w.WritePropertyName("voucher_distribution_refunds");
            Refunds(w, l);
            w.WritePropertyName("purchase_progress_distribution_reclaims");
            Reclaims(w, l);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("regenerated_rewards");
        foreach (var r in priced.Regenerated)
        {
            Voucher(w, r, priced, now);
        }
        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static void String(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    private static void Number(Utf8JsonWriter w, string name, long? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void Number(Utf8JsonWriter w, string name, decimal? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void Bool(Utf8JsonWriter w, string name, bool? value)
    {
        if (value is { } v)
        {
            w.WriteBoolean(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
