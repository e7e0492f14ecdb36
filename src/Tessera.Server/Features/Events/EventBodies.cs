using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Domain.Ledger;
using Tessera.Domain.Reference;
using Tessera.Server.Data.Entities;
using Tessera.Server.Features.Members;
using Tessera.Server.Features.Vouchers;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Events;

/// <summary>
/// The <c>data</c> of every event body, field for field as the spec's webhook samples (user webhook, lines 1221-1258;
/// status level webhook, 1259-1348; voucher webhook, 3544-3618; points or wallet webhook, 3619-3740). Pure: the
/// callers (<see cref="EventWriter"/>) read the rows.
/// </summary>
public static class EventBodies
{
    /// <summary>
    /// The user webhook's flat shopper object, and, beyond the sample, the member objects the other webhooks carry
    /// (<c>member_number</c>, <c>mailing_list</c>, <c>opt_in_programme</c>, <c>loyalty_status</c>) and <c>user_id</c>.
    /// </summary>
    public static JsonObject Shopper(User u, LoyaltyStatus? status) => new()
    {
        // spec sample: "birthday": "1975-07-30", "created": "2016-01-08T10:20:29Z"
        ["birthday"] = u.Birthday?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["chain_id"] = u.ChainId,
        ["channel"] = u.SignupChannel,
        // Tessera keeps one address for a member, its username (an e-mail address).
        ["contact_email"] = u.Username,
        ["created"] = Z(u.CreatedAt),
        ["did_opt_in"] = u.ProgrammeOptedIn,
        ["registered"] = u.Registered,
        ["entity_code"] = u.MemberNumber,
        ["firstname"] = u.FirstName,
        ["gender"] = u.Gender,
        ["lastname"] = u.LastName,
        ["object"] = "shopper",
        ["spaaza_id"] = u.Id,
        ["username"] = u.Username,
        ["phone_number"] = u.PhoneNumber,
        ["address_streetname"] = u.AddressStreetname,
        ["address_housenumber"] = u.AddressHousenumber,
        ["address_housenumber_extension"] = u.AddressHousenumberExtension,
        ["address_line_2"] = u.AddressLine2,
        ["address_line_3"] = u.AddressLine3,
        ["address_towncity"] = u.AddressTowncity,
        ["address_regionstate"] = u.AddressRegionstate,
        ["address_postalcode"] = u.AddressPostalcode,
        ["user_id"] = u.Id,
        ["member_number"] = MemberNumber(u),
        ["mailing_list"] = MailingList(u),
        ["opt_in_programme"] = OptIn(u),
        ["loyalty_status"] = Status(status),
    };

    /// <summary>The <c>user</c> object of the status level, voucher and points webhooks.</summary>
    public static JsonObject User(User u, LoyaltyStatus? status) => new()
    {
        ["address_housenumber"] = u.AddressHousenumber,
        ["address_housenumber_extension"] = u.AddressHousenumberExtension,
        ["address_line_2"] = u.AddressLine2,
        ["address_line_3"] = u.AddressLine3,
        ["address_postalcode"] = u.AddressPostalcode,
        ["address_regionstate"] = u.AddressRegionstate,
        ["address_streetname"] = u.AddressStreetname,
        ["address_towncity"] = u.AddressTowncity,
        ["authentication_point_identifier"] = u.AuthenticationPointIdentifier,
        ["auxiliary_identifier"] = u.AuxiliaryIdentifier,
        ["birthday"] = SpaazaDates.Iso(u.Birthday),
        ["country_code"] = u.CountryCode,
        ["first_name"] = u.FirstName,
        ["gender"] = u.Gender,
        ["id"] = u.Id,
        ["language"] = u.Language,
        ["last_name"] = u.LastName,
        ["loyalty_status"] = Status(status),
        ["mailing_list"] = MailingList(u),
        ["member_number"] = MemberNumber(u),
        ["opt_in_programme"] = OptIn(u),
        ["opt_in_secondary"] = u.OptInSecondary,
        ["push_notification_subscription"] = new JsonObject { ["subscribed"] = false, ["subscriptions"] = new JsonArray() },
        ["registered"] = u.Registered,
        ["signup_channel"] = u.SignupChannel,
        ["user_id"] = u.Id,
        ["username"] = u.Username,
    };

    private static JsonObject MailingList(User u) => new()
    {
        ["mailing_list_sub_offered"] = u.MailingListSubOffered,
        ["mailing_list_subscribed"] = u.MailingListSubscribed,
        ["printed_mailing_list_subscribed"] = u.PrintedMailingListSubscribed,
    };

    // As entity_code elsewhere: "custom" when the number was supplied, "regular" for Tessera's own.
    private static JsonObject MemberNumber(User u) => new() { ["code"] = u.MemberNumber, ["type"] = u.MemberNumberCustom ? "custom" : "regular" };

    private static JsonObject OptIn(User u) => new() { ["programme_opted_in"] = u.ProgrammeOptedIn, ["join_date"] = SpaazaDates.Iso(u.JoinDate) };

    private static JsonObject? Status(LoyaltyStatus? s) => s is null ? null : new JsonObject
    {
        ["campaign_id"] = s.CampaignId,
        ["name"] = s.Name,
        ["description"] = s.Description,
        ["loyalty_level_id"] = s.LoyaltyLevelId,
        ["points_balance_current"] = s.PointsBalanceCurrent,
        ["points_to_proceed_next_level"] = s.PointsToProceedNextLevel,
        ["points_to_remain_current_level"] = s.PointsToRemainCurrentLevel,
        ["last_review_date"] = s.LastReviewDate,
        ["next_review_date"] = s.NextReviewDate,
        ["date_reached"] = s.DateReached,
    };

    /// <summary>spec status level webhook: <c>id</c> is the level change's (its row in loyalty_level_changes).</summary>
    public static JsonObject LoyaltyLevelChanged(long changeId, DateTime created, string logMessage, int? mutationOwnerId, LoyaltyLevel level, LoyaltyLevel? previous, JsonObject user) => new()
    {
        ["campaign_id"] = level.CampaignId,
        ["created_date"] = SpaazaDates.Iso(created),
        ["id"] = changeId,
        ["log_message"] = logMessage,
        ["loyalty_level"] = Level(level),
        ["loyalty_level_previous"] = previous is null ? null : Level(previous),
        ["mutation_owner_id"] = mutationOwnerId,
        ["user"] = user,
    };

    private static JsonObject Level(LoyaltyLevel l) => new()
    {
        ["automated_level_logic"] = l.AutomatedLevelLogic,
        ["campaign_id"] = l.CampaignId,
        ["description"] = l.Description,
        ["id"] = l.Id,
        ["name"] = l.Name,
    };

    /// <summary>spec voucher webhook.</summary>
    public static JsonObject VoucherIssued(Voucher v, Campaign? campaign, JsonObject user, DateTime now)
    {
        var data = new JsonObject
        {
            ["campaign_id"] = v.CampaignId,
            ["campaign_title"] = campaign?.Title,
            ["campaign_type"] = campaign?.Type,
            ["type"] = v.Type,
            ["user"] = user,
        };
        AddVoucherFields(data, v, now);
        data["voucher_status"] = v.Status;
        data["voucher_text"] = v.Text;
        return data;
    }

    private static void AddVoucherFields(JsonObject data, Voucher v, DateTime now)
    {
        var original = v.AmountOriginalCents is { } cents ? Cents.ToDecimal(cents) : (decimal?)null;
        data["voucher_amount"] = v.AmountOriginalCents is { } o ? Cents.ToDecimal(o - v.AmountRedeemedCents) : null;
        data["voucher_amount_original"] = original;
        data["voucher_amount_redeemed"] = Cents.ToDecimal(v.AmountRedeemedCents);
        data["voucher_currency_id"] = v.CurrencyId;
        data["voucher_currency_symbol"] = v.CurrencyId is { } id ? Currencies.FindById(id)?.Symbol : null;
        data["voucher_expiry_datetime_utc"] = SpaazaDates.Utc(VoucherView.Expiry(v.ExpiresAt));
        data["voucher_expiry_seconds_remaining"] = VoucherView.SecondsRemaining(v.ExpiresAt, now);
        data["voucher_id"] = v.Id;
        data["voucher_key"] = v.Key;
        data["voucher_locked"] = v.LockedUntil is { } until && until > now;
    }

    /// <summary>The <c>voucher</c> of a points mutation: the voucher a wallet paid, or that gave its value back.</summary>
    public static JsonObject MutationVoucher(Voucher v, User? creator, DateTime now)
    {
        var data = new JsonObject
        {
            ["creating_user"] = creator is null ? null : new JsonObject { ["full_name"] = FullName(creator), ["user_id"] = creator.Id },
            ["generating_return_transaction"] = new JsonArray(),
            ["parent_voucher"] = v.ParentVoucherId,
        };
        AddVoucherFields(data, v, now);
        data["voucher_redeemed_datetime"] = SpaazaDates.Iso(v.RedeemedAt);
        data["voucher_status"] = v.Status;
        data["voucher_text"] = v.Text;
        data["voucher_text_localised"] = v.Text;
        return data;
    }

    public static string FullName(User u) => string.Join(' ', new[] { u.FirstName, u.LastName }.Where(n => !string.IsNullOrEmpty(n)));

    /// <summary>The <c>basket</c> of a points mutation.</summary>
    public static JsonObject Basket(Basket b) => new()
    {
        ["created_date"] = SpaazaDates.Iso(b.CreatedAt),
        ["id"] = b.Id,
        ["retailer_basket_code"] = b.RetailerBasketCode,
        ["total_value"] = Cents.ToDecimal(b.TotalCents),
    };

    /// <summary>The <c>campaign</c> of a points mutation: the wallet, and the campaign that contributed to it.</summary>
    public static JsonObject Campaign(Campaign wallet, Campaign? contributing, int? contributingId)
    {
        // Only a wallet that has image or localised title settings needs its settings read.
        var config = wallet.Config.Contains("\"campaign_", StringComparison.Ordinal) ? JsonNode.Parse(wallet.Config) as JsonObject : null;
        return new JsonObject
        {
            ["campaign_id"] = wallet.Id,
            ["campaign_image_dimension_x"] = Text(config, "campaign_image_dimension_x"),
            ["campaign_image_dimension_y"] = Text(config, "campaign_image_dimension_y"),
            ["campaign_image_filename"] = Text(config, "campaign_image_filename"),
            ["campaign_image_link"] = Text(config, "campaign_image_link"),
            ["campaign_image_url"] = Text(config, "campaign_image_url"),
            ["campaign_title"] = wallet.Title,
            ["campaign_title_localised"] = Text(config, "campaign_title_localised") ?? wallet.Title,
            ["campaign_type"] = wallet.Type,
            ["contributing_campaign"] = contributingId is not { } id || id == wallet.Id ? null : new JsonObject
            {
                ["campaign_id"] = id,
                ["campaign_title"] = contributing?.Title,
                ["campaign_type"] = contributing?.Type,
            },
        };
    }

    private static JsonNode? Text(JsonObject? config, string name) =>
        config?[name] is JsonValue v && v.GetValueKind() is JsonValueKind.String or JsonValueKind.Number ? v.DeepClone() : null;

    /// <summary>spec points or wallet webhook: one ledger entry.</summary>
    public static JsonObject PointsMutation(LedgerEntry entry, int? currencyId, JsonObject campaign, JsonObject? basket, JsonObject? voucher, JsonObject? returnedItem, JsonObject? mutationOwner, JsonObject user) => new()
    {
        // spec sample: "amount": "10.00", signed: a removal is negative.
        ["amount"] = Cents.Format(entry.AmountCents),
        ["basket"] = basket,
        ["campaign"] = campaign,
        ["created_date"] = SpaazaDates.Iso(entry.CreatedAt),
        ["currency_id"] = currencyId,
        ["earn_or_spend"] = entry.AmountCents >= 0 ? "earn" : "spend",
        ["receipt_id"] = entry.ReceiptId,
        ["returned_item"] = returnedItem,
        // spec sample: "2019-05-17 10:23:04.026549"
        ["timestamp_microsecond"] = DateTime.SpecifyKind(entry.CreatedAt, DateTimeKind.Utc).ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        // The ledger entry's kind (user-wallet-ledger's: campaignContribution, voucherRedemption, manual).
        ["type"] = entry.Kind,
        ["user"] = user,
        ["user_id"] = entry.UserId,
        ["user_purchase_progress"] = new JsonObject
        {
            ["id"] = entry.Id,
            ["log_message"] = entry.LogMessage,
            ["mutation_owner"] = mutationOwner,
            ["uniqid"] = Uniqid(entry),
        },
        ["voucher"] = voucher,
    };

    /// <summary>
    /// The entry's <c>uniqid</c> in PHP's uniqid("", true) form as the sample's ("5f637ba2de54a2.06408515"): its
    /// time in hex seconds and microseconds, then its id, so the same entry always gives the same text.
    /// </summary>
    public static string Uniqid(LedgerEntry entry)
    {
        var utc = DateTime.SpecifyKind(entry.CreatedAt, DateTimeKind.Utc);
        var seconds = new DateTimeOffset(utc).ToUnixTimeSeconds();
        var micro = (utc.Ticks % TimeSpan.TicksPerSecond) / 10;
        return string.Create(CultureInfo.InvariantCulture, $"{seconds:x8}{micro:x5}.{entry.Id % 100_000_000:D8}");
    }

    private static string Z(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
