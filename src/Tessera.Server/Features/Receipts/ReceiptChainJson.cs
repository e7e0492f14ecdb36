using System.Globalization;
using System.Text.Json;
using Tessera.Server.Data.Entities;
using static Tessera.Server.Features.Receipts.ReceiptFormat;

namespace Tessera.Server.Features.Receipts;

/// <summary>
/// A receipt as get-receipts answers it (spec "Get All Receipts for a Chain" sample): the basket's own id and code,
/// the currency object, employee, the lines as the basket sent them, the chain with its branch, the shopper as the
/// member's record. The wallets and vouchers are the services receipt object's, and <c>download_url</c> is added.
/// </summary>
public static class ReceiptChainJson
{
    public static void Write(Utf8JsonWriter w, Receipt r, string downloadUrl)
    {
        var b = r.Basket;
        w.WriteStartObject();
        w.WriteNumber("id", b.Id);
        w.WriteString("retailer_basket_code", b.RetailerBasketCode);
        w.WriteString("timestamp", Zulu(b.PurchasedAt));
        w.WriteString("type", b.PlatformType);
        w.WritePropertyName("quantity");
        w.WriteRawValue(Quantity(r.Quantity), skipInputValidation: true);
        w.WriteStartObject("currency");
        w.WriteNumber("currency_id", r.Currency.Id);
        w.WriteString("currency_code", r.Currency.Code);
        w.WriteString("currency_name_en", r.Currency.Name);
        w.WriteString("currency_symbol", r.Currency.Symbol);
        w.WriteEndObject();
        Money(w, "subtotal", r.SubtotalCents);
        Money(w, "total_value", r.TotalCents);
        Money(w, "shipping_charge", b.ShippingCents);
        var payments = ReceiptPayments.Read(b.PaymentsJson);
        if (payments.Count == 0)
        {
            w.WriteNull("payment_methods");
        }
        else
        {
            w.WriteStartArray("payment_methods");
            foreach (var (method, amount) in payments)
            {
                w.WriteStartObject();
                w.WriteString("payment_method", method);
                w.WriteNumber("payment_amount", amount);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteStartObject("employee");
        w.WriteString("code", b.EmployeeCode);
        w.WriteString("name", b.EmployeeName);
        w.WriteEndObject();
        w.WriteStartArray("line_items");
        foreach (var line in r.Lines)
        {
            Line(w, line);
        }
        w.WriteEndArray();
        ReceiptJson.TaxLines(w, b);
        Chain(w, r);
        Shopper(w, r.Shopper, r.Chain, b);
        w.WriteString("notes", b.Notes);
        ReceiptJson.WalletsAndVouchers(w, r);
        w.WriteString("download_url", downloadUrl);
        w.WriteEndObject();
    }

    private static void Line(Utf8JsonWriter w, ReceiptLine line)
    {
        var i = line.Item;
        w.WriteStartObject();
        w.WriteString("name", i.ProductName ?? line.Product.Name ?? "");
        w.WriteString("retailer_product_code", i.RetailerProductCode ?? "");
        w.WritePropertyName("quantity");
        w.WriteRawValue(Quantity(i.Quantity), skipInputValidation: true);
        w.WriteBoolean("item_is_promotional", i.Promotional);
        Money(w, "sale_price", line.SalePriceCents);
        Money(w, "original_price", i.PriceCents);
        Money(w, "basket_item_subtotal", i.SubtotalCents);
        w.WriteBoolean("is_identified", i.ProductId is not null || i.ProductVariantId is not null);
        w.WriteBoolean("excluded_from_spaaza", i.Excluded);
        w.WriteString("barcode", i.ItemBarcode ?? "");
        w.WriteString("sku", i.RetailerProductCode ?? i.ItemBarcode ?? "");
        w.WriteString("description", line.Product.Description ?? "");
        w.WriteStartObject("metadata");
        w.WriteString("barcode", i.ItemBarcode ?? "");
        w.WriteString("color", line.Product.Colour ?? "");
        w.WriteString("size", line.Product.Size);
        w.WriteEndObject();
        w.WriteBoolean("is_return", i.IsReturn);
        w.WriteEndObject();
    }

    private static void Chain(Utf8JsonWriter w, Receipt r)
    {
        var c = r.Chain;
        w.WriteStartObject("chain");
        w.WriteNumber("id", c.Id);
        w.WriteString("name", c.Name);
        w.WriteString("type", "chain");
        w.WriteString("email", c.ReceiptEmail ?? "");
        w.WriteString("currency", r.Currency.Name);
        w.WriteString("currency_symbol", r.Currency.Symbol);
        w.WriteBoolean("receipts_service_active", c.ReceiptsServiceActive);
        if (r.Branch is { } s)
        {
            w.WriteStartObject("business");
            w.WriteNumber("id", s.Id);
            w.WriteString("name", s.Name);
            w.WriteString("branch_code", s.OwnerCode ?? "");
            w.WriteStartObject("address");
            w.WriteString("address_1", s.Address1 ?? "");
            w.WriteString("address_2", s.Address2 ?? "");
            w.WriteString("address_3", s.Address3 ?? "");
            w.WriteString("towncity", s.TownCity ?? "");
            w.WriteString("postalcode", s.PostalCode ?? "");
            Decimal(w, "latitude", s.Latitude);
            Decimal(w, "longitude", s.Longitude);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("business");
        }
        // Webhook settings are the webhooks feature's; a receipt does not carry them.
        w.WriteNull("webhook_config_url");
        w.WriteNull("webhook_config_basic_auth_user");
        w.WriteNull("webhook_config_basic_auth_pass");
        w.WriteEndObject();
    }

    private static void Shopper(Utf8JsonWriter w, User? u, Chain chain, Basket b)
    {
        if (u is null)
        {
            w.WriteNull("shopper");
            return;
        }
        w.WriteStartObject("shopper");
        w.WriteNumber("id", u.Id);
        w.WriteString("first_name", u.FirstName ?? "");
        w.WriteString("last_name", u.LastName ?? "");
        w.WriteString("address_streetname", u.AddressStreetname ?? "");
        w.WriteString("address_housenumber", u.AddressHousenumber ?? "");
        w.WriteString("address_housenumber_extension", u.AddressHousenumberExtension ?? "");
        w.WriteString("address_towncity", u.AddressTowncity ?? "");
        w.WriteString("address_postalcode", u.AddressPostalcode ?? "");
        w.WriteString("country_code", u.CountryCode ?? "");
        w.WriteString("gender", u.Gender ?? "");
        w.WriteString("birthday", u.Birthday?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "");
        w.WriteString("username", u.Username);
        w.WriteString("signup_channel", u.SignupChannel);
        w.WriteString("address_line_2", u.AddressLine2);
        w.WriteString("address_line_3", u.AddressLine3);
        w.WriteString("address_regionstate", u.AddressRegionstate);
        w.WriteString("member_number", u.MemberNumber ?? "");
        w.WriteString("email", u.Username.Contains('@', StringComparison.Ordinal) ? u.Username : "");
        w.WriteBoolean("registered", u.Registered);
        // Not recorded per basket: the chain e-mails receipts when its receipts service is active.
        w.WriteBoolean("send_email_receipt", chain.ReceiptsServiceActive);
        w.WriteStartObject("member_program");
        w.WriteString("program_name", b.MemberProgramme ?? "spaaza");
        w.WriteString("member_number", u.MemberNumber ?? "");
        w.WriteEndObject();
        w.WriteNull("shipping_address");
        w.WriteNull("billing_address");
        w.WriteEndObject();
    }

    private static void Decimal(Utf8JsonWriter w, string name, decimal? value)
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
}
