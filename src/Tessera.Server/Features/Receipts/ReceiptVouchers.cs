using Tessera.Server.Data.Entities;

namespace Tessera.Server.Features.Receipts;

/// <summary>A redeemed voucher as a receipt names it (spec basket_vouchers).</summary>
public static class ReceiptVouchers
{
    /// <summary>
    /// spec type: "wallet" for a voucher paid from a wallet (as the sample's "Boardriders Bucks"), else the
    /// voucher's own type; the amount is filled in from what the lines redeemed.
    /// </summary>
    public static ReceiptVoucher Of(Voucher voucher, Campaign? campaign) =>
        new(voucher.Id, campaign?.Title ?? voucher.Title ?? "", voucher.Text ?? "", 0, voucher.WalletCampaignId is null ? voucher.Type : "wallet");
}
