namespace Tessera.Server.Features.ApiReference;

/// <summary>Parameters many calls share, described once.</summary>
public static class CommonParams
{
    public static readonly Param ChainId = Param.Int("chain_id", "The chain (retailer). Admins send it; the app hostname or a privileged key names it otherwise.");

    /// <summary>The ways a call names a member (the first one sent wins, in this order).</summary>
    public static readonly Param[] Member =
    [
        Param.Int("user_id", "The member's id."),
        Param.Text("username", "The member's username (e-mail address)."),
        Param.Text("member_number", "The member's number (card number)."),
        Param.Text("authentication_point_identifier", "The member's identifier at an authentication point (e.g. a card scanned at the till)."),
    ];

    /// <summary>The ways a voucher call names the voucher, and the locking parameters of the voucher calls.</summary>
    public static readonly Param[] Voucher =
    [
        Param.Text("voucher_key", "The voucher's key."),
        Param.Int("voucher_id", "The voucher's id (instead of the key)."),
        Param.Int("user_id", "The member the voucher belongs to (admins and privileged clients)."),
        Param.Int("voucher_lock_period", "Seconds the voucher stays locked."),
        Param.Text("voucher_locking_code", "The code that locked the voucher; needed to unlock or redeem a locked voucher."),
        Param.Text("retailer_basket_code", "The basket the voucher is locked for or redeemed in."),
    ];

    /// <summary>Member fields of add-user and alter-user.</summary>
    public static readonly Param[] MemberFields =
    [
        Param.Text("password", "The member's password (at least 6 characters)."),
        Param.Text("first_name", "First name."),
        Param.Text("last_name", "Last name."),
        Param.Text("gender", "M, F or U."),
        Param.Date("birthday", "Birthday, YYYY-MM-DD."),
        Param.Text("country_code", "ISO 3166-1 alpha-2 country code."),
        Param.Text("language", "Language, e.g. en or en-GB."),
        Param.Text("phone_number", "Phone number."),
        Param.Text("address_streetname", "Street."),
        Param.Text("address_housenumber", "House number."),
        Param.Text("address_housenumber_extension", "House number extension."),
        Param.Text("address_line_2", "Address line 2."),
        Param.Text("address_line_3", "Address line 3."),
        Param.Text("address_towncity", "Town or city."),
        Param.Text("address_regionstate", "Region or state."),
        Param.Text("address_postalcode", "Postal code."),
        Param.Text("auxiliary_identifier", "A further identifier of the member's, unique in the chain."),
        Param.Flag("mailing_list_sub_offered", "The mailing list was offered."),
        Param.Flag("mailing_list_subscribed", "Subscribed to the mailing list."),
        Param.Flag("printed_mailing_list_subscribed", "Subscribed to the printed mailing list."),
        Param.Flag("programme_opted_in", "Opted in to the loyalty programme."),
        Param.Flag("opt_in_secondary", "The secondary opt-in."),
        Param.Flag("registered", "The member has registered (not only a card)."),
        Param.Flag("is_employee", "The member is an employee."),
        Param.Int("store_id", "The branch where the member signed up (business id)."),
        Param.Text("branch_business_owner_code", "The sign-up branch by its owner code (instead of store_id)."),
        Param.Int("home_store_id", "The member's home branch (business id)."),
        Param.Text("referral_code", "The referral code of the member who referred this one."),
        Param.Text("affiliate_code", "An affiliate's code."),
    ];

    /// <summary>The business (branch) fields of add-business and alter-business.</summary>
    public static readonly Param[] BusinessFields =
    [
        Param.Text("address_1", "Address line 1."),
        Param.Text("address_2", "Address line 2."),
        Param.Text("address_3", "Address line 3."),
        Param.Text("address_towncity", "Town or city."),
        Param.Text("towncity", "Town or city (older name)."),
        Param.Text("region", "Region."),
        Param.Text("postalcode", "Postal code."),
        Param.Text("countrycode", "ISO 3166-1 alpha-2 country code."),
        Param.Number("latitude", "Latitude."),
        Param.Number("longitude", "Longitude."),
        Param.Text("owner_code", "The retailer's own code for the branch, unique in the chain."),
        Param.Text("email_address", "Contact e-mail address."),
        Param.Text("website_url", "Website."),
        Param.Text("business_image_url", "Image."),
        Param.Text("business_review_url", "Review page."),
    ];
}
