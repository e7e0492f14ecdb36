using System.Globalization;
using System.Text.Json;
using Tessera.Server.Data.Entities;
using Tessera.Server.Features.Members;
using Tessera.Server.Protocol;
using static Tessera.Server.Features.Receipts.ReceiptFormat;

namespace Tessera.Server.Features.Receipts;

/// <summary>
/// The receipt object of the services calls and of the receipts webhook (spec lines 5641-5866, 6635-6757): field names,
/// nesting and types as the samples. Money is in the basket's currency with two decimals. Beyond the samples: a line's
/// <c>is_return</c>, and <c>original_receipt_ids</c>, the ids of the receipts whose lines this one returns.
/// </summary>
public static class ReceiptJson
{
    /// <param name="withLoyalty">For <c>GET /receipts/{id}</c>, whose sample has it: the member's <paramref name="loyalty"/> status now, null without one.</param>
    public static void Write(Utf8JsonWriter w, Receipt r, string downloadUrl, bool withLoyalty = false, LoyaltyStatus? loyalty = null)
    {
        var b = r.Basket;
        w.WriteStartObject();
        w.WriteString("id", r.Id);
        w.WriteString("timestamp", Zulu(b.PurchasedAt));
        w.WriteString("type", b.PlatformType);
        w.WriteString("download_url", downloadUrl);
        w.WritePropertyName("quantity");
        w.WriteRawValue(Quantity(r.Quantity), skipInputValidation: true);
        Money(w, "subtotal", r.SubtotalCents);
        Money(w, "total_value", r.TotalCents);
        w.WriteString("payment_method", ReceiptPayments.Method(b.PaymentsJson));
        w.WriteStartArray("line_items");
        foreach (var line in r.Lines)
        {
            Line(w, line);
        }
        w.WriteEndArray();
        TaxLines(w, b);
        Chain(w, r);
        Shopper(w, r.Shopper, r.Points.BalanceCents);
        WalletsAndVouchers(w, r);
        w.WriteStartObject("template_content");
        Text(w, "subject", r.Chain.ReceiptSubject);
        Text(w, "background_color", r.Chain.ReceiptBackgroundColor);
        w.WriteEndObject();
        w.WriteStartArray("original_receipt_ids");
        foreach (var code in r.OriginalCodes)
        {
            w.WriteStringValue(code);
        }
        w.WriteEndArray();
        if (withLoyalty)
        {
            w.WritePropertyName("loyalty_status");
            JsonSerializer.Serialize(w, loyalty, SpaazaJsonContext.Default.LoyaltyStatus);
        }
        w.WriteEndObject();
    }

    private static void Line(Utf8JsonWriter w, ReceiptLine line)
    {
        var i = line.Item;
        var p = line.Product;
        w.WriteStartObject();
        w.WriteNumber("product_id", i.ProductId ?? 0);
        Text(w, "barcode", i.ItemBarcode);
        Text(w, "sku", i.RetailerProductCode ?? i.ItemBarcode);
        Text(w, "name", i.ProductName ?? p.Name);
        Text(w, "description", p.Description);
        Text(w, "type", p.Category ?? i.ItemType);
        Money(w, "original_price", i.PriceCents);
        w.WritePropertyName("quantity");
        w.WriteRawValue(Quantity(i.Quantity), skipInputValidation: true);
        Money(w, "sale_price", line.SalePriceCents);
        Money(w, "vouchers", line.VoucherCents);
        w.WriteStartObject("metadata");
        Text(w, "color", p.Colour);
        Text(w, "size", p.Size);
        Text(w, "image", p.ImageUrl);
        w.WriteEndObject();
        w.WriteString("sale_discount", line.VoucherCents == 0 ? "" : Tessera.Domain.Ledger.Cents.Format(line.VoucherCents));
        w.WriteBoolean("is_return", i.IsReturn);
        w.WriteEndObject();
    }

    private static void Chain(Utf8JsonWriter w, Receipt r)
    {
        var c = r.Chain;
        w.WriteStartObject("chain");
        w.WriteNumber("id", c.Id);
        w.WriteString("name", c.Name);
        Text(w, "email", c.ReceiptEmail);
        Text(w, "logo_url", c.ReceiptLogoUrl);
        Text(w, "website_url", c.ReceiptWebsiteUrl);
        w.WriteString("currency", r.Currency.Name);
        w.WriteString("currency_symbol", r.Currency.Symbol);
        if (r.Branch is { } b)
        {
            w.WriteStartObject("business");
            w.WriteNumber("id", b.Id);
            w.WriteString("name", b.Name);
            w.WriteStartObject("address");
            Text(w, "address_1", b.Address1);
            Text(w, "address_2", b.Address2);
            Text(w, "address_3", b.Address3);
            Text(w, "towncity", b.TownCity);
            Text(w, "postal_code", b.PostalCode);
            Text(w, "country_code", b.CountryCode);
            Location(w, b.Latitude ?? 0, b.Longitude ?? 0);
            w.WriteEndObject();
            // Tessera keeps no phone number for a branch.
            w.WriteString("phone_number", "");
            Text(w, "email", b.EmailAddress);
            Text(w, "website_url", b.WebsiteUrl);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("business");
        }
        w.WriteBoolean("receipts_service_active", c.ReceiptsServiceActive);
        w.WriteEndObject();
    }

    private static void Shopper(Utf8JsonWriter w, User? u, long? points)
    {
        if (u is null)
        {
            w.WriteNull("shopper");
            return;
        }
        w.WriteStartObject("shopper");
        w.WriteNumber("id", u.Id);
        w.WriteString("user_name", u.Username);
        Text(w, "entity_code", u.MemberNumber);
        Text(w, "first_name", u.FirstName);
        Text(w, "last_name", u.LastName);
        Text(w, "country_code", u.CountryCode);
        Text(w, "gender", u.Gender);
        Text(w, "birthday", u.Birthday?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Balance(w, "total_points_balance", points, PointsSlot);
        w.WriteString("email", u.Username.Contains('@', StringComparison.Ordinal) ? u.Username : "");
        w.WriteBoolean("registered", u.Registered);
        // Tessera keeps one address per member: it is the shipping and the billing address.
        Address(w, "shipping_address", u);
        Address(w, "billing_address", u);
        w.WriteEndObject();
    }

    private static void Address(Utf8JsonWriter w, string name, User u)
    {
        w.WriteStartObject(name);
        w.WriteString("address_1", Street(u.AddressStreetname, u.AddressHousenumber, u.AddressHousenumberExtension));
        Text(w, "address_2", u.AddressLine2);
        Text(w, "address_3", u.AddressLine3);
        Text(w, "towncity", u.AddressTowncity);
        Text(w, "postal_code", u.AddressPostalcode);
        Text(w, "country_code", u.CountryCode);
        Location(w, 0, 0);
        w.WriteEndObject();
    }

    private static void Location(Utf8JsonWriter w, decimal lat, decimal lon)
    {
        w.WriteStartObject("location");
        w.WriteNumber("lat", lat);
        w.WriteNumber("lon", lon);
        w.WriteEndObject();
    }

    /// <summary>monetary_wallet, points_wallet and basket_vouchers, shared with <see cref="ReceiptChainJson"/>.</summary>
    /// <summary><c>tax_lines</c>, the same in both receipt shapes.</summary>
    public static void TaxLines(Utf8JsonWriter w, Basket b)
    {
        w.WriteStartArray("tax_lines");
        foreach (var tax in ReceiptTaxes.Read(b.TaxesJson))
        {
            w.WriteStartObject();
            Money(w, "tax_value", tax.TaxCents);
            Money(w, "order_value", tax.OrderCents);
            w.WriteNumber("rate", tax.Rate);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    public static void WalletsAndVouchers(Utf8JsonWriter w, Receipt r)
    {
        Wallet(w, "monetary_wallet", r.Wallet, WalletSlot);
        Wallet(w, "points_wallet", r.Points, PointsSlot);
        w.WriteStartArray("basket_vouchers");
        foreach (var v in r.Vouchers)
        {
            w.WriteStartObject();
            w.WriteString("campaign_title", v.CampaignTitle);
            w.WriteString("voucher_text", v.Text);
            Money(w, "amount", v.Cents);
            w.WriteString("type", v.Type);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void Wallet(Utf8JsonWriter w, string name, ReceiptWallet wallet, char slot)
    {
        w.WriteStartObject(name);
        w.WriteStartArray("contributions");
        foreach (var c in wallet.Contributions)
        {
            w.WriteStartObject();
            Money(w, "amount", c.Cents);
            w.WriteString("campaign_title", c.CampaignTitle);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        Balance(w, "total", wallet.BalanceCents, slot);
        w.WriteString("title", wallet.Title);
        w.WriteEndObject();
    }
}
