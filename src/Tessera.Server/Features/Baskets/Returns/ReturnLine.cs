using Tessera.Server.Data.Entities;

namespace Tessera.Server.Features.Baskets.Returns;

/// <summary>A returned line: the original purchase line it takes back and what that undoes.</summary>
public sealed class ReturnLine(ItemInput? input, BasketItem original, Basket originalBasket, decimal quantity, long returnPriceCents, decimal alreadyReturned)
{
    public ItemInput? Input { get; } = input;
    public BasketItem Original { get; } = original;
    public Basket OriginalBasket { get; } = originalBasket;
    public decimal Quantity { get; } = quantity;
    public long ReturnPriceCents { get; } = returnPriceCents;

    /// <summary>Units of the original line returned before this one (earlier baskets and earlier lines of this one).</summary>
    public decimal AlreadyReturned { get; set; } = alreadyReturned;
    public List<Refund> Refunds { get; } = [];
    public List<Reclaim> Reclaims { get; } = [];
    public BasketItem? Row { get; set; }
    public ReturnedItem? Returned { get; set; }
    public ReturnTransaction? Transaction { get; set; }
}
