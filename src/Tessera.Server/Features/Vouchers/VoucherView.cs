using System.Globalization;
using System.Text.Json.Nodes;
using Tessera.Domain.Ledger;
using Tessera.Domain.Reference;
using Tessera.Server.Data.Entities;
using Tessera.Server.Data.Sql;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Vouchers;

/// <summary>The voucher object of the create-, claim- and unclaim-voucher samples.</summary>
public static class VoucherView
{
    /// <summary>The member as voucher lists show it (get-vouchers sample: "user").</summary>
    public static JsonObject? Owner(User? u) => u is null ? null : new JsonObject
    {
        ["id"] = u.Id,
        ["user_id"] = u.Id,
        ["first_name"] = u.FirstName,
        ["last_name"] = u.LastName,
        ["username"] = u.Username,
        ["authentication_point_identifier"] = u.AuthenticationPointIdentifier,
        ["auxiliary_identifier"] = u.AuxiliaryIdentifier,
        ["mailing_list"] = new JsonObject
        {
            ["mailing_list_sub_offered"] = u.MailingListSubOffered,
            ["mailing_list_subscribed"] = u.MailingListSubscribed,
            ["printed_mailing_list_subscribed"] = u.PrintedMailingListSubscribed,
        },
        ["entity_code"] = new JsonObject { ["type"] = u.MemberNumberCustom ? "custom" : "regular", ["code"] = u.MemberNumber },
        ["opt_in_programme"] = new JsonObject { ["programme_opted_in"] = u.ProgrammeOptedIn, ["join_date"] = SpaazaDates.Iso(u.JoinDate) },
        ["signup_channel"] = u.SignupChannel,
        ["country_code"] = u.CountryCode,
        ["address_streetname"] = u.AddressStreetname,
        ["address_housenumber"] = u.AddressHousenumber,
        ["address_housenumber_extension"] = u.AddressHousenumberExtension,
        ["address_line_2"] = u.AddressLine2,
        ["address_line_3"] = u.AddressLine3,
        ["address_towncity"] = u.AddressTowncity,
        ["address_regionstate"] = u.AddressRegionstate,
        ["address_postalcode"] = u.AddressPostalcode,
    };

    /// <summary>
    /// What a voucher without expiry answers: every sample shows <c>2050-01-01 00:00:00</c> for it, and clients
    /// parse the field as a date.
    /// </summary>
    public static readonly DateTime NoExpiry = new(2050, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>The expiry a voucher answers: its own, or <see cref="NoExpiry"/>.</summary>
    public static DateTime Expiry(DateTime? expiresAt) => expiresAt ?? NoExpiry;

    /// <summary>voucher_expiry_seconds_remaining: whole seconds until the expiry answered, 0 once it has passed.</summary>
    public static long SecondsRemaining(DateTime? expiresAt, DateTime now) => Math.Max(0, (long)(Expiry(expiresAt) - now).TotalSeconds);

    public static JsonObject Build(Voucher v, Campaign? campaign, User? owner, DateTime now)
    {
        var currency = v.CurrencyId is { } id ? Currencies.FindById(id) : null;
        var locked = v.LockedUntil is { } until && until > now;
        var current = v.AmountOriginalCents is { } original ? original - v.AmountRedeemedCents : (long?)null;
        return new JsonObject
        {
            ["voucher_key"] = v.Key,
            ["voucher_id"] = v.Id,
            ["voucher_status"] = v.Status,
            ["voucher_type"] = v.Type,
            ["type"] = v.Type,
            ["voucher_locked"] = locked,
            // spec voucher locking: voucher_locked_until shows the end of the lock of a locked voucher (lock-voucher sample).
            ["voucher_locked_until"] = locked ? SpaazaDates.Utc(v.LockedUntil!.Value) : null,
            ["voucher_locking_code"] = locked ? v.LockingCode : null,
            ["voucher_retailer_basket_code_exclusive"] = locked ? v.RetailerBasketCodeExclusive : null,
            ["campaign_id"] = v.CampaignId,
            ["campaign_type"] = campaign?.Type,
            ["campaign_title"] = campaign?.Title,
            ["voucher_created_datetime"] = SpaazaDates.Iso(v.CreatedAt),
            ["redeeming_basket"] = null,
            ["voucher_expiry_datetime_utc"] = SpaazaDates.Utc(Expiry(v.ExpiresAt)),
            ["voucher_expiry_seconds_remaining"] = SecondsRemaining(v.ExpiresAt, now),
            ["voucher_currency_id"] = v.CurrencyId,
            ["voucher_currency_symbol"] = currency?.Symbol,
            ["voucher_amount_original"] = v.AmountOriginalCents is { } o ? Cents.ToDecimal(o) : null,
            ["voucher_amount_redeemed"] = Cents.ToDecimal(v.AmountRedeemedCents),
            ["voucher_amount"] = current is { } c ? Cents.ToDecimal(c) : null,
            ["voucher_discount_ratio"] = v.DiscountRatioMilli is { } ratio ? ratio / 1000m : null,
            ["voucher_title"] = v.Title,
            ["voucher_text"] = v.Text,
            ["voucher_description"] = v.Description,
            ["voucher_notes"] = v.Notes,
            ["voucher_image_url"] = v.ImageUrl,
            ["voucher_honour_code"] = v.HonourCode,
            ["parent_voucher_id"] = v.ParentVoucherId,
            ["user_id"] = v.UserId,
            ["user_entity_card"] = owner is null ? null : new JsonObject
            {
                ["type"] = owner.MemberNumberCustom ? "custom" : "regular",
                ["code"] = owner.MemberNumber ?? owner.Id.ToString(CultureInfo.InvariantCulture),
            },
        };
    }
}
