using Tessera.Server.Features.ApiReference;

namespace Tessera.Server.Features.Receipts;

/// <summary>The receipt calls for the OpenAPI document (spec "Receipts").</summary>
public static class ReceiptCallDocs
{
    private const string ServicesStyle =
        "Services style: send Session-Chain-Id with an admin's session or a privileged key; the answer is bare JSON as the spec's sample.";

    public static IEnumerable<CallDoc> All =>
    [
        new("receipts", "A member's receipts, newest first", Credentials.Member | Credentials.Admin | Credentials.Privileged,
            Param.Int("shopper_id", "The member (a member may name only themselves).", required: true))
        {
            Produces = "application/json",
            Description = ServicesStyle,
        },
        new("receipt", "One receipt, by the retailer basket code it was stored with", Credentials.Member | Credentials.Admin | Credentials.Privileged)
        {
            Produces = "application/json",
            Description = ServicesStyle + " The path's id is the retailer basket code.",
            TakesNothing = true,
        },
        new("get-receipts", "A chain's receipts, filtered; /get-receipts.csv answers all of them as CSV", Credentials.Admin | Credentials.Privileged,
            CommonParams.ChainId,
            Param.Int("user_id", "Only this member's receipts."),
            Param.Text("min_created_datetime", "Created at or after (YYYY-MM-DD HH:MM:SS, UTC)."),
            Param.Text("max_created_datetime", "Created at or before."),
            Param.Text("min_created_datetime_relative", "Created at or after, relative to now (e.g. -7 days)."),
            Param.Text("max_created_datetime_relative", "Created at or before, relative to now."),
            Param.Int("branch_business_id", "Only this branch's receipts (not with branch_business_owner_code)."),
            Param.Text("branch_business_owner_code", "Only this branch's receipts, by its owner code."),
            Param.Text("retailer_basket_code", "The receipt of this basket."),
            Param.Int("number_results", "At most this many, up to 500 (JSON; the CSV has all)."),
            Param.Int("results_offset", "Skip this many.")),
        new("receipt-pdf", "A receipt as a PDF: the signed link of a receipt's download_url", Credentials.None,
            Param.Text("expires", "From the link.", required: true), Param.Text("signature", "From the link.", required: true))
        {
            Produces = "application/pdf",
        },
        new("alter-receipt-settings", "The chain's receipt settings: logo, website, contact e-mail, the receipts service, template subject and colour", Credentials.Admin | Credentials.Privileged,
            CommonParams.ChainId,
            Param.Text("logo_url", "The logo on receipts and their PDF."),
            Param.Text("website_url", "The chain's website."),
            Param.Text("email", "The chain's contact e-mail address."),
            Param.Flag("receipts_service_active", "Receipts are made and their webhook sent."),
            Param.Text("subject", "The subject of the receipt template."),
            Param.Text("background_color", "The template's colour (#RRGGBB).")),
    ];
}
