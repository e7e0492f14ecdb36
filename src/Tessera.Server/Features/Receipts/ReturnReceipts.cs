using Tessera.Domain.Pricing;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Features.Receipts;

/// <summary>
/// A standalone return (<c>POST /auth/return</c>) as the basket its receipt is built from: it stores no basket of its
/// own, so its receipt reads it as a return-only basket, the same <see cref="ReceiptBuilder"/> as an inline return's.
/// Its id is the return's own code (spec return_owner_code); its basket id, which only its download link names, is
/// the negated id of its return transaction, so that it never meets a basket's. Lines are those an inline return
/// stores: negative prices and subtotals, the original line's product. Its branch and shopper are the original's.
/// </summary>
public static class ReturnReceipts
{
    /// <summary>The receipt id of a return registered without a return_owner_code.</summary>
    public const string UnnamedPrefix = "return-";

    public static long BasketId(long returnTransactionId) => -returnTransactionId;

    public static string Code(ReturnTransaction transaction) => transaction.ReturnOwnerCode ?? UnnamedPrefix + transaction.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <param name="lines">The returned items with the original lines they take back, in the order returned.</param>
    public static (Basket Basket, List<BasketItem> Items) Of(ReturnTransaction transaction, Basket original, IReadOnlyList<(ReturnedItem Returned, BasketItem Original)> lines)
    {
        var basketId = BasketId(transaction.Id);
        var items = lines.Select((l, position) => new BasketItem
        {
            Id = l.Returned.Id,
            BasketId = basketId,
            ChainId = original.ChainId,
            UserId = original.UserId,
            Position = position,
            ItemBarcode = l.Original.ItemBarcode,
            RetailerProductCode = l.Original.RetailerProductCode,
            ProductId = l.Original.ProductId,
            ProductVariantId = l.Original.ProductVariantId,
            ProductName = l.Original.ProductName,
            ItemType = l.Original.ItemType,
            Quantity = l.Returned.Quantity,
            PriceCents = l.Returned.ReturnPriceCents,
            SubtotalCents = Quantities.Cents(l.Returned.ReturnPriceCents, l.Returned.Quantity),
            Promotional = l.Original.Promotional,
            Excluded = l.Original.Excluded,
            IsReturn = true,
            OriginalItemId = l.Original.Id,
            PurchasedAt = transaction.CreatedAt,
        }).ToList();
        var total = items.Sum(i => i.SubtotalCents);
        var basket = new Basket
        {
            Id = basketId,
            ChainId = original.ChainId,
            BusinessId = original.BusinessId,
            UserId = original.UserId,
            RetailerBasketCode = Code(transaction),
            PlatformType = original.PlatformType,
            CurrencyId = original.CurrencyId,
            TotalCents = total,
            ItemsSubtotalCents = total,
            AdjustedTotalCents = total,
            CountryCode = original.CountryCode,
            PurchasedAt = transaction.CreatedAt,
            TimezoneName = original.TimezoneName,
            MemberProgramme = original.MemberProgramme,
            Notes = transaction.Note,
            PaymentsJson = "[]",
            TaxesJson = "[]",
            ReturnItemCount = items.Count,
            Response = "",
            CreatedAt = transaction.CreatedAt,
        };
        return (basket, items);
    }
}
