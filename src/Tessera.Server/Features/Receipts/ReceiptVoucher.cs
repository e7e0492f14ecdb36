namespace Tessera.Server.Features.Receipts;

/// <summary>spec basket_vouchers: a voucher redeemed on the basket, with what it took off.</summary>
public sealed record ReceiptVoucher(long Id, string CampaignTitle, string Text, long Cents, string Type);
