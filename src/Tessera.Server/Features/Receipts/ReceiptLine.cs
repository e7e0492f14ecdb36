using Tessera.Server.Data.Entities;

namespace Tessera.Server.Features.Receipts;

/// <summary>A line of a receipt: the basket's line with its product's details and what vouchers took off it.</summary>
public sealed record ReceiptLine(BasketItem Item, ReceiptProduct Product, long VoucherCents, string? OriginalCode)
{
    /// <summary>spec sale_price: the price of a unit after the vouchers redeemed on the line.</summary>
    public long SalePriceCents => Item.Quantity == 0 ? Item.PriceCents : (long)decimal.Round((Item.SubtotalCents - VoucherCents) / Item.Quantity, MidpointRounding.AwayFromZero);
}
