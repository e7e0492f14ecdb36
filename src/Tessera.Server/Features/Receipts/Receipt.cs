using Tessera.Domain.Reference;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Features.Receipts;

/// <summary>
/// A receipt (spec lines 5641-5866): a stored basket, purchases and returns, with what it names (chain, branch,
/// shopper, vouchers, campaigns) as read from add-basket's rows. <see cref="Wallet"/> and <see cref="Points"/> are
/// the chain's wallet and points wallet; their balance directly after the basket is the basket's own
/// (<see cref="Basket.WalletBalanceCents"/>), or still unknown (null) while add-basket's batch writes it.
/// </summary>
public sealed record Receipt(
    Basket Basket,
    IReadOnlyList<ReceiptLine> Lines,
    Chain Chain,
    CurrencyInfo Currency,
    Business? Branch,
    User? Shopper,
    ReceiptWallet Wallet,
    ReceiptWallet Points,
    IReadOnlyList<ReceiptVoucher> Vouchers,
    IReadOnlyList<string> OriginalCodes)
{
    /// <summary>spec id: "the same ID as used by the system that completed the sale", the retailer basket code.</summary>
    public string Id => Basket.RetailerBasketCode;

    /// <summary>Units bought, less units returned (weighed goods count their weight).</summary>
    public decimal Quantity => Lines.Sum(l => l.Item.IsReturn ? -l.Item.Quantity : l.Item.Quantity);

    /// <summary>spec subtotal: "the amount of the receipt without VAT", what was paid less the basket's tax lines.</summary>
    public long SubtotalCents => ReceiptTaxes.Subtotal(Basket);

    /// <summary>What was paid: add-basket's total (after vouchers).</summary>
    public long TotalCents => Basket.AdjustedTotalCents;
}
