using System.Globalization;
using System.Text.Json.Nodes;
using Tessera.Domain.Ledger;
using Tessera.Domain.Reference;
using Tessera.Server.Data.Entities;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Baskets;

/// <summary>The JSON of the get-basket-price and add-basket responses, field for field as the samples.</summary>
public static class BasketView
{
    private static decimal Money(long cents) => Cents.ToDecimal(cents);

    public static JsonObject Entity(EntityInput entity, BasketScope scope) => new()
    {
        ["entity_type"] = entity.Type,
        ["entity_id"] = entity.Id,
        ["branch_business_owner_code"] = scope.Branch?.OwnerCode ?? entity.BranchOwnerCode,
        ["branch_business_id"] = scope.Branch?.Id,
        ["employee_code"] = entity.EmployeeCode,
        ["employee_name"] = entity.EmployeeName,
    };

    public static JsonObject? User(ShopperInput? shopper, User? member) => shopper is null && member is null ? null : new JsonObject
    {
        ["member_programme"] = shopper?.MemberProgramme ?? "spaaza",
        ["member_number"] = shopper?.MemberNumber ?? member?.MemberNumber,
        ["user_id"] = member?.Id,
        ["spaaza_user_id"] = member?.Id,
        ["send_email_receipt"] = shopper?.SendEmailReceipt,
    };

    /// <summary>A basket timestamp as sent, with its offset (spec basket_timestamp_iso8601).</summary>
    public static string? Timestamp(DateTimeOffset? timestamp) => timestamp?.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private static string Timestamp(PricedBasket priced, DateTime now) =>
        Timestamp(priced.Input.Timestamp) ?? SpaazaDates.Iso(priced.Stored?.PurchasedAt ?? now);

    public static JsonObject Basket(PricedBasket priced, DateTime now)
    {
        var input = priced.Input;
        var scope = priced.Scope;
        var basket = new JsonObject();
        if (priced.Stored is { } stored)
        {
            basket["id"] = stored.Id;
        }
        basket["chain_id"] = scope.Chain.Id;
        basket["business_id"] = scope.Branch?.Id;
        basket["basket_platform_type"] = input.PlatformType;
        basket["currency_id"] = scope.Currency.Id;
        basket["basket_currency"] = new JsonObject { ["currency_id"] = scope.Currency.Id, ["currency_code"] = scope.Currency.Code };
        basket["basket_total_price"] = Money(input.TotalCents);
        basket["basket_items_subtotal"] = Money(input.ItemsSubtotalCents ?? priced.Lines.Sum(l => l.SubtotalCents));
        basket["shipping_charge"] = Money(input.ShippingCents);
        basket["basket_timestamp_iso8601"] = Timestamp(priced, now);
        basket["basket_timezone_name"] = input.TimezoneName ?? "UTC";
        basket["basket_country_code"] = scope.CountryCode;
        basket["retailer_basket_code"] = input.RetailerBasketCode;
        basket["voucher_locking_code"] = input.VoucherLockingCode;
        basket["payment_methods"] = Payments(input);
        basket["basket_tax"] = Taxes(input);
        basket["basket_notes"] = input.Notes;
        basket["basket_items"] = new JsonArray(priced.Lines.Select(l => (JsonNode)Item(l)).ToArray());
        // spec exchange sample: get-basket-price shows a regenerated voucher only in regenerated_rewards (and the lines).
        basket["basket_vouchers_applied"] = new JsonArray(priced.Vouchers.Where(v => priced.Stored is not null || v.RegeneratedFrom is null)
            .Select(v => (JsonNode)Voucher(v, priced, now)).ToArray());
        basket["honour_vouchers_applied"] = new JsonArray(priced.Honour.Select(v => (JsonNode)Voucher(v, priced, now)).ToArray());
        basket["return_transactions"] = ReturnTransactions(priced);
        basket["regenerated_rewards"] = new JsonArray(priced.Regenerated.Select(v => (JsonNode)Voucher(v, priced, now)).ToArray());
        var progress = PurchaseProgress(priced);
        basket["purchase_progress"] = progress.Count == 0 ? null : progress;
        basket["supplementary_basket_codes"] = input.SupplementaryCodes.Count == 0 ? null : new JsonArray(input.SupplementaryCodes.Select(c => (JsonNode)JsonValue.Create(c)).ToArray());
        basket["employee"] = new JsonObject { ["employee_code"] = input.Entity.EmployeeCode, ["employee_name"] = input.Entity.EmployeeName };
        if (priced.Stored is null)
        {
            basket["basket_total_price_adjusted"] = Money(priced.AdjustedTotalCents);
        }
        return basket;
    }

    public static JsonArray Payments(BasketInput input) =>
        new(input.Payments.Select(p => (JsonNode)new JsonObject { ["payment_method"] = p.Method, ["payment_amount"] = Money(p.Cents) }).ToArray());

    public static JsonArray Taxes(BasketInput input) =>
        new(input.Taxes.Select(t => (JsonNode)new JsonObject { ["tax_rate"] = t.Rate, ["tax_total"] = Money(t.TotalCents) }).ToArray());

    private static JsonObject Item(Line line)
    {
        var input = line.Input;
        var item = new JsonObject();
        if (line.Row is { } row)
        {
            item["id"] = row.Id;
        }
        item["spaaza_product_id"] = line.Product?.Id;
        item["spaaza_product_variant_id"] = line.Variant?.Id;
        item["item_barcode"] = input.Barcode;
        item["product_name"] = input.ProductName ?? line.Product?.Name;
        item["retailer_product_code"] = input.RetailerProductCode;
        item["retailer_item_code"] = input.RetailerItemCode;
        item["item_type"] = input.ItemType;
        item["item_quantity"] = input.Quantity;
        item["item_is_promotional"] = input.Promotional;
        // spec: item_price is the price after item vouchers, per unit; item_original_price before them.
        var perUnitOff = line.Input.Quantity > 0 ? line.ItemVoucherCents / line.Input.Quantity : 0;
        item["item_price"] = Money(line.PriceCents - perUnitOff);
        item["item_original_price"] = Money(line.PriceCents);
        item["item_subtotal"] = Money(line.SubtotalCents);
        item["is_identified"] = line.Product is not null || line.Variant is not null;
        item["excluded_from_spaaza"] = input.Excluded;
        if (line.ItemVouchers.Count > 0)
        {
            item["item_vouchers"] = new JsonArray(line.ItemVouchers.Select(v => (JsonNode)new JsonObject
            {
                ["voucher_key"] = KeyOf(v.Voucher),
                ["voucher_id"] = IdOf(v.Voucher),
                ["voucher_amount"] = Money(line.Input.Quantity > 0 ? v.RedeemedCents / line.Input.Quantity : v.RedeemedCents),
            }).ToArray());
        }
        if (line.Distribution.Count > 0)
        {
            item["basket_voucher_distribution"] = new JsonArray(line.Distribution.Select(d => (JsonNode)new JsonObject
            {
                ["voucher_campaign_id"] = d.Voucher.Campaign?.Id ?? d.Voucher.Voucher.CampaignId,
                ["voucher_campaign_title"] = d.Voucher.Campaign?.Title,
                ["voucher_key"] = KeyOf(d.Voucher.Voucher),
                ["voucher_id"] = IdOf(d.Voucher.Voucher),
                ["voucher_type"] = d.Voucher.Voucher.Type,
                ["voucher_distribution_amount"] = Money(d.Cents),
            }).ToArray());
        }
        if (line.Earnings.Count > 0)
        {
            item["purchase_progress_distribution"] = new JsonArray(line.Earnings.Select(e => (JsonNode)new JsonObject
            {
                ["purchase_progress_campaign_id"] = e.Earned.Wallet.Id,
                ["purchase_progress_campaign_title"] = e.Earned.Wallet.Title,
                ["purchase_progress_campaign_type"] = e.Earned.Wallet.Type,
                ["purchase_progress_distribution_amount"] = Money(e.Cents),
                ["contributing_campaign"] = Contributing(e.Earned.Contributing),
            }).ToArray());
        }
        if (line.Product is { } product)
        {
            item["product"] = Product(product, line.Variant);
        }
        return item;
    }

    private static JsonObject Contributing(Campaign c) => new() { ["campaign_id"] = c.Id, ["campaign_title"] = c.Title, ["campaign_type"] = c.Type };

    private static string? KeyOf(Voucher v) => v.Id == 0 ? null : v.Key;

    private static long? IdOf(Voucher v) => v.Id == 0 ? null : v.Id;

    public static JsonObject Product(Product p, ProductVariant? v) => new()
    {
        ["id"] = p.Id,
        ["owner_code"] = p.OwnerCode,
        ["name"] = p.Name,
        ["description"] = p.Description,
        ["price"] = p.PriceCents is { } price ? Money(price) : null,
        ["brand"] = p.Brand,
        ["season"] = p.Season,
        ["category"] = p.Category,
        ["webshop_url"] = p.WebUrl,
        ["image_url"] = p.ImageUrl,
        ["last_modified_date"] = SpaazaDates.Utc(p.UpdatedAt),
        ["created_date"] = SpaazaDates.Utc(p.CreatedAt),
        ["product_variant"] = v is null ? null : new JsonObject
        {
            ["id"] = v.Id,
            ["condition"] = "new",
            ["colour"] = v.Colour,
            ["barcode"] = new JsonArray(JsonValue.Create(v.Barcode)),
            ["size"] = v.Size,
            ["price"] = v.PriceCents is { } vp ? Money(vp) : null,
            ["cost_price"] = v.CostPriceCents is { } cp ? Money(cp) : null,
            ["image_url"] = v.ImageUrl,
            ["web_url"] = v.WebUrl,
            ["last_modified_date"] = SpaazaDates.Utc(v.UpdatedAt),
            ["created_date"] = SpaazaDates.Utc(v.CreatedAt),
        },
    };

    /// <summary>An applied, honour or regenerated voucher (spec: basket_vouchers_applied, regenerated_rewards).</summary>
    public static JsonObject Voucher(AppliedVoucher applied, PricedBasket priced, DateTime now)
    {
        var v = applied.Voucher;
        var currency = v.CurrencyId is { } id ? Currencies.FindById(id) : null;
        var honour = v.Type == Vouchers.VoucherService.Honour;
        var redeemedHere = applied.RegeneratedFrom is not null && !priced.Vouchers.Contains(applied) ? 0 : applied.RedeemedCents;
        var amount = applied.RegeneratedFrom is { } r ? r.Refund.Cents : honour ? 0 : redeemedHere;
        var locked = v.LockedUntil is { } until && until > now;
        var json = new JsonObject
        {
            ["voucher_key"] = KeyOf(v),
            ["voucher_id"] = IdOf(v),
            ["voucher_status"] = v.Status,
            ["voucher_locked"] = locked || (v.Status == "redeemed" && v.LockedUntil is not null),
            ["campaign_id"] = v.CampaignId,
            ["campaign_type"] = applied.Campaign?.Type,
            ["campaign_title"] = applied.Campaign?.Title,
            ["voucher_expiry_datetime_utc"] = v.ExpiresAt is { } expiry ? SpaazaDates.Utc(expiry) : null,
            ["voucher_expiry_seconds_remaining"] = v.ExpiresAt is { } e ? Math.Max(0, (long)(e - now).TotalSeconds) : null,
            ["voucher_redeemed_datetime"] = SpaazaDates.Iso(v.RedeemedAt),
            ["voucher_currency_id"] = v.CurrencyId,
            ["voucher_currency_symbol"] = currency?.Symbol,
            ["voucher_amount_original"] = Money(v.AmountOriginalCents ?? (honour ? 0 : applied.RedeemedCents)),
            ["voucher_amount_redeemed"] = Money(honour ? 0 : applied.RegeneratedFrom is not null ? redeemedHere : applied.RedeemedCents),
            ["voucher_amount"] = Money(amount),
            ["voucher_text"] = v.Text ?? "",
            ["voucher_type"] = v.Type,
            ["voucher_basket_owner_code_exclusive"] = v.RetailerBasketCodeExclusive,
            ["voucher_locking_code"] = v.LockingCode,
            ["voucher_honour_code"] = v.HonourCode,
            ["redeeming_basket"] = v.RedeemingBasketId is { } basketId && priced.Stored is { } stored && stored.Id == basketId
                ? new JsonObject { ["basket_id"] = basketId, ["retailer_basket_code"] = stored.RetailerBasketCode }
                : null,
        };
        if (applied.RegeneratedFrom is { } from)
        {
            var parent = from.Refund.Voucher;
            json["generating_return_transaction"] = new JsonObject
            {
                ["return_transaction_id"] = from.Return.Transaction?.Id,
                ["returning_basket_id"] = from.Return.Transaction?.ReturningBasketId,
                ["returning_basket_retailer_basket_code"] = from.Return.Transaction?.ReturningBasketId is null ? null : priced.Input.RetailerBasketCode,
            };
            json["parent_voucher"] = new JsonObject
            {
                ["voucher_id"] = parent.Id,
                ["voucher_key"] = parent.Key,
                ["voucher_redeemed_datetime"] = SpaazaDates.Iso(parent.RedeemedAt),
                ["voucher_amount_original"] = parent.AmountOriginalCents is { } o ? Money(o) : null,
                ["voucher_amount_redeemed"] = Money(parent.AmountRedeemedCents),
                ["voucher_amount"] = Money(parent.AmountRedeemedCents),
                ["redeeming_basket"] = new JsonObject { ["basket_id"] = from.Return.OriginalBasket.Id, ["retailer_basket_code"] = from.Return.OriginalBasket.RetailerBasketCode },
            };
            if (priced.Stored is null)
            {
                // get-basket-price: the transaction does not exist yet; the code is this basket's.
                json["generating_return_transaction"]!["returning_basket_retailer_basket_code"] = priced.Input.RetailerBasketCode;
            }
        }
        return json;
    }

    public static JsonArray Refunds(ReturnLine line) => new(line.Refunds.Select(r => (JsonNode)new JsonObject
    {
        ["voucher_key"] = r.Voucher.Key,
        ["voucher_id"] = r.Voucher.Id,
        ["campaign_id"] = r.Voucher.CampaignId,
        ["amount"] = Money(r.Cents),
    }).ToArray());

    public static JsonArray Reclaims(ReturnLine line) => new(line.Reclaims.Select(r => (JsonNode)new JsonObject
    {
        ["campaign_id"] = r.Wallet.Id,
        ["amount"] = Money(r.Cents),
    }).ToArray());

    private static JsonArray ReturnTransactions(PricedBasket priced) => new(priced.Returns.GroupBy(r => r.OriginalBasket.Id).Select(g => (JsonNode)new JsonObject
    {
        ["id"] = g.First().Transaction?.Id,
        ["basket_id"] = g.Key,
        ["returning_basket_id"] = priced.Stored?.Id,
        ["returned_items"] = new JsonArray(g.Select(l => (JsonNode)new JsonObject
        {
            ["id"] = l.Returned?.Id,
            ["return_transaction_id"] = l.Transaction?.Id,
            ["item_id"] = l.Original.Id,
            ["return_price"] = Money(l.ReturnPriceCents),
            ["quantity"] = l.Quantity,
            ["owner_code"] = l.Original.RetailerItemCode,
            ["sale_price"] = Money(l.Original.PriceCents),
            ["voucher_distribution_refunds"] = Refunds(l),
            ["purchase_progress_distribution_reclaims"] = Reclaims(l),
        }).ToArray()),
    }).ToArray());

    private static JsonArray PurchaseProgress(PricedBasket priced)
    {
        var progress = new JsonArray();
        foreach (var earned in priced.Earned)
        {
            progress.Add(new JsonObject
            {
                ["purchase_progress_campaign_id"] = earned.Wallet.Id,
                ["purchase_progress_campaign_title"] = earned.Wallet.Title,
                ["purchase_progress_campaign_type"] = earned.Wallet.Type,
                ["purchase_progress_amount"] = Money(earned.TotalCents),
                ["contributing_campaign"] = Contributing(earned.Contributing),
            });
        }
        foreach (var made in priced.Progress)
        {
            progress.Add(new JsonObject
            {
                ["purchase_progress_campaign_id"] = made.Campaign.Id,
                ["purchase_progress_campaign_title"] = made.Campaign.Title,
                ["purchase_progress_campaign_type"] = made.Campaign.Type,
                ["purchase_progress_amount"] = made.Unit == "spend" ? Money(made.Delta) : made.Delta,
                ["contributing_campaign"] = null,
            });
        }
        foreach (var line in priced.Returns)
        {
            foreach (var reclaim in line.Reclaims)
            {
                progress.Add(new JsonObject
                {
                    ["purchase_progress_campaign_id"] = reclaim.Wallet.Id,
                    ["purchase_progress_campaign_title"] = reclaim.Wallet.Title,
                    ["purchase_progress_campaign_type"] = reclaim.Wallet.Type,
                    ["purchase_progress_amount"] = Money(reclaim.Cents),
                    ["contributing_campaign"] = null,
                    ["return_transaction_id"] = line.Transaction?.Id,
                    ["returned_item_id"] = line.Returned?.Id,
                });
            }
        }
        return progress;
    }

    /// <summary>The add-basket answer for an anonymous shopper: "user": null and the basket of that sample.</summary>
    public static JsonObject AnonymousResults(PricedBasket priced, Basket stored, DateTime now)
    {
        var currency = priced.Scope.Currency;
        return new JsonObject
        {
            ["user"] = null,
            ["basket"] = new JsonObject
            {
                ["id"] = stored.Id,
                ["chain_id"] = stored.ChainId,
                ["business"] = new JsonObject { ["id"] = priced.Scope.Branch?.Id },
                ["basket_timestamp_iso8601"] = Timestamp(priced, now),
                ["basket_timezone_name"] = priced.Input.TimezoneName ?? "UTC",
                ["basket_country_code"] = priced.Scope.CountryCode,
                ["app_platform_type"] = priced.Input.PlatformType,
                ["currency"] = new JsonObject
                {
                    ["currency_id"] = currency.Id,
                    ["currency_code"] = currency.Code,
                    ["currency_name_en"] = currency.Name,
                    ["currency_symbol"] = currency.Symbol,
                },
                ["total_value"] = Money(priced.Input.TotalCents),
                ["owner_code"] = priced.Input.RetailerBasketCode,
                ["items"] = new JsonArray(priced.Lines.Select(l => (JsonNode)new JsonObject
                {
                    ["id"] = l.Row?.Id,
                    ["item_barcode"] = l.Input.Barcode,
                    ["product_sale_price"] = Money(l.PriceCents),
                    ["basket_item_quantity"] = l.Input.Quantity,
                    ["retailer_item_code"] = l.Input.RetailerItemCode,
                    ["basket_item_subtotal"] = Money(l.SubtotalCents),
                }).ToArray()),
                ["honour_vouchers_applied"] = new JsonArray(priced.Honour.Select(v => (JsonNode)Voucher(v, priced, now)).ToArray()),
                ["payment_methods"] = Payments(priced.Input),
                ["basket_tax"] = Taxes(priced.Input),
            },
        };
    }
}
