using Tessera.Server.Features.ApiReference;

namespace Tessera.Server.Features.Vouchers;

/// <summary>The voucher calls for the OpenAPI document (spec "create-voucher" to "get-vouchers").</summary>
public static class VoucherCallDocs
{
    private static readonly Param[] Filters =
    [
        CommonParams.ChainId,
        Param.Int("campaign_id", "Only this campaign's vouchers."),
        Param.Int("user_id", "Only this member's vouchers."),
        Param.Flag("exclude_regenerated", "Leave out regenerated vouchers."),
        Param.Flag("show_redeemed", "Include redeemed vouchers."),
        Param.Flag("show_expired", "Include expired vouchers."),
        Param.Flag("show_all_statuses", "Every status."),
        Param.Text("min_redeemed_datetime", "Redeemed at or after (YYYY-MM-DD HH:MM:SS, UTC)."),
        Param.Text("max_redeemed_datetime", "Redeemed at or before."),
        Param.Text("min_created_datetime", "Created at or after."),
        Param.Text("max_created_datetime", "Created at or before."),
        Param.Text("min_created_datetime_relative", "Created at or after, relative to now (e.g. -7 days)."),
        Param.Text("max_created_datetime_relative", "Created at or before, relative to now."),
        Param.Text("min_expiry_datetime", "Expiring at or after."),
        Param.Text("max_expiry_datetime", "Expiring at or before."),
        Param.Text("min_expiry_datetime_relative", "Expiring at or after, relative to now."),
        Param.Text("max_expiry_datetime_relative", "Expiring at or before, relative to now."),
        Param.Int("number_results", "At most this many (JSON; the CSV has all)."),
        Param.Int("results_offset", "Skip this many."),
    ];

    public static IEnumerable<CallDoc> All =>
    [
        new("create-voucher", "Create a voucher for a member", Credentials.Admin | Credentials.Privileged,
            [
                .. CommonParams.Member,
                CommonParams.ChainId,
                Param.Int("campaign_id", "The campaign the voucher belongs to.", required: true),
                Param.Text("voucher_type", "basket (an amount off; the default), basket_pct (a ratio off) or honour (a code the till honours)."),
                Param.Number("voucher_amount", "The amount off."),
                Param.Number("voucher_discount_ratio", "The ratio off (0-1) for a percentage voucher."),
                Param.Flag("set_claimed", "Create it claimed."),
                Param.Flag("delete_existing", "Delete the member's unredeemed vouchers of this campaign first."),
                Param.Int("voucher_lock_period", "Create it locked for this many seconds."),
                Param.Text("voucher_locking_code", "The locking code."),
                Param.Text("retailer_basket_code", "Lock it for this basket."),
                Param.Text("voucher_title", "Title."),
                Param.Text("voucher_text", "Text."),
                Param.Text("voucher_description", "Description."),
                Param.Text("voucher_notes", "Notes."),
                Param.Text("voucher_image_url", "Image."),
                Param.Text("voucher_honour_code", "A code the till honours (an external voucher)."),
                Param.Text("expiry_date", "Expiry (YYYY-MM-DD HH:MM:SS, UTC)."),
            ]),
        new("claim-voucher", "Claim a voucher: it becomes the member's to use", Credentials.Member | Credentials.Admin | Credentials.Privileged, CommonParams.Voucher),
        new("unclaim-voucher", "Give a claimed voucher back", Credentials.Member | Credentials.Admin | Credentials.Privileged, CommonParams.Voucher),
        new("lock-voucher", "Lock a voucher for a while (a till holds it for a basket)", Credentials.Member | Credentials.Admin | Credentials.Privileged, CommonParams.Voucher),
        new("unlock-voucher", "Unlock a locked voucher", Credentials.Member | Credentials.Admin | Credentials.Privileged, CommonParams.Voucher),
        new("expire-voucher", "Expire a voucher now", Credentials.Admin | Credentials.Privileged, CommonParams.Voucher),
        new("delete-voucher", "Delete a voucher", Credentials.Admin | Credentials.Privileged, CommonParams.Voucher),
        new("get-vouchers", "A chain's vouchers, filtered; /get-vouchers.csv answers CSV", Credentials.Admin | Credentials.Privileged, Filters),
    ];
}
