using Tessera.Server.Data.Entities;

namespace Tessera.Server.Features.Receipts;

/// <summary>
/// What a receipt names besides its basket's row, looked up by whoever builds it: add-basket from what it holds in
/// memory (<see cref="ReceiptEvent"/>), the receipt calls from the database (<see cref="ReceiptReader"/>).
/// </summary>
public sealed record ReceiptParts(
    Chain Chain,
    Business? Branch,
    User? Shopper,
    IReadOnlyDictionary<int, Campaign> Campaigns,
    IReadOnlyDictionary<long, ReceiptVoucher> Vouchers,
    Func<BasketItem, ReceiptProduct> Product,
    IReadOnlyDictionary<long, string> OriginalCodes);
