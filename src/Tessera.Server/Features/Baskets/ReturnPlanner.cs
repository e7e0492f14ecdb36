using Microsoft.EntityFrameworkCore;
using Tessera.Domain.Pricing;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Baskets;

/// <summary>A line to return, however it was named: inline (a return item) or by the standalone return call.</summary>
public sealed record ReturnRequest(ItemInput? Input, string? OriginalBasketCode, long? OriginalBasketId, string? OriginalSupplementaryCode, string? OriginalItemCode, string? Barcode, string? ProductCode, int Quantity, long? PriceCents);

/// <summary>
/// Finds the original purchase line of each returned line (spec: rules surrounding recognising the original
/// purchase) and works out what returning it undoes: 308 when the original basket is not found, 309 when no
/// line of it matches, 310 when more units are returned than remain. Reads only; the quantity is taken for
/// good by the conditional update of <see cref="TakeAsync"/> inside the storing transaction.
/// </summary>
public sealed class ReturnPlanner(TesseraDbContext db)
{
    public static ReturnRequest FromItem(ItemInput item) => new(item, item.OriginalRetailerBasketCode, null, item.OriginalSupplementaryBasketCode,
        item.OriginalRetailerItemCode, item.Barcode, item.RetailerProductCode, item.Quantity, item.PriceCents);

    public async Task<Outcome<List<ReturnLine>>> PlanAsync(int chainId, User? returningMember, IReadOnlyList<ReturnRequest> requests, CancellationToken cancellationToken)
    {
        var lines = new List<ReturnLine>();
        var pending = new Dictionary<long, int>();
        foreach (var request in requests)
        {
            var found = await OriginalAsync(chainId, returningMember, request, pending, cancellationToken);
            if (found.Failure is { } failure)
            {
                return failure;
            }
            var (basket, item) = found.Value;
            var before = item.ReturnedQuantity + pending.GetValueOrDefault(item.Id);
            if (item.Quantity - before < request.Quantity)
            {
                return ErrorCodes.ReturnQuantityExceedsOriginalQuantity.With(
                    $"{(item.Quantity - before).ToString(System.Globalization.CultureInfo.InvariantCulture)} unit(s) of the original line remain to be returned");
            }
            pending[item.Id] = pending.GetValueOrDefault(item.Id) + request.Quantity;
            var line = new ReturnLine(request.Input, item, basket, request.Quantity, request.PriceCents ?? -item.PriceCents, before);
            await AddUndoingAsync(line, cancellationToken);
            lines.Add(line);
        }
        return lines;
    }

    private async Task<Outcome<(Basket Basket, BasketItem Item)>> OriginalAsync(int chainId, User? member, ReturnRequest request, Dictionary<long, int> pending, CancellationToken cancellationToken)
    {
        Basket? basket = null;
        if (request.OriginalBasketId is { } basketId)
        {
            basket = await db.Baskets.AsNoTracking().FirstOrDefaultAsync(b => b.Id == basketId && b.ChainId == chainId, cancellationToken);
        }
        else if (request.OriginalBasketCode is { } code)
        {
            basket = await db.Baskets.AsNoTracking().FirstOrDefaultAsync(b => b.ChainId == chainId && b.RetailerBasketCode == code, cancellationToken);
        }
        else if (request.OriginalSupplementaryCode is { } supplementary)
        {
            basket = await (from c in db.BasketCodes
                            join b in db.Baskets on c.BasketId equals b.Id
                            where c.ChainId == chainId && c.Code == supplementary
                            orderby b.PurchasedAt descending, b.Id descending
                            select b).AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        }
        var named = request.OriginalBasketId is not null || request.OriginalBasketCode is not null || request.OriginalSupplementaryCode is not null;
        if (named && basket is null)
        {
            return ErrorCodes.OriginalBasketNotFound;
        }

        IQueryable<BasketItem> candidates;
        if (basket is not null)
        {
            var id = basket.Id;
            candidates = db.BasketItems.Where(i => i.BasketId == id && !i.IsReturn);
        }
        else if (member is not null && (request.Barcode is not null || request.ProductCode is not null))
        {
            // spec: without an original basket, the member's most recent not-yet-returned purchase of the same barcode:
            // the lines of the member's baskets (by the baskets' member index and the lines' basket index; no line
            // index by member, which every basket would pay for with ten random inserts, migration 0009).
            var userId = member.Id;
            candidates = from i in db.BasketItems
                         join b in db.Baskets on i.BasketId equals b.Id
                         where b.UserId == userId && b.ChainId == chainId && !i.IsReturn
                         select i;
        }
        else
        {
            return ErrorCodes.OriginalBasketItemNotFound.With("name the original basket, or identify the member who bought the item");
        }
        if (request.OriginalItemCode is { } itemCode)
        {
            candidates = candidates.Where(i => i.RetailerItemCode == itemCode);
        }
        else if (request.Barcode is { } barcode)
        {
            candidates = candidates.Where(i => i.ItemBarcode == barcode);
        }
        else if (request.ProductCode is { } productCode)
        {
            candidates = candidates.Where(i => i.RetailerProductCode == productCode);
        }
        else if (basket is null)
        {
            return ErrorCodes.OriginalBasketItemNotFound;
        }
        var items = await candidates.AsNoTracking().OrderByDescending(i => i.PurchasedAt).ThenByDescending(i => i.Id).Take(50).ToListAsync(cancellationToken);
        var item = items.FirstOrDefault(i => i.Quantity - i.ReturnedQuantity - pending.GetValueOrDefault(i.Id) >= request.Quantity)
            ?? items.FirstOrDefault(i => i.Quantity - i.ReturnedQuantity - pending.GetValueOrDefault(i.Id) > 0)
            ?? items.FirstOrDefault();
        if (item is null)
        {
            return ErrorCodes.OriginalBasketItemNotFound;
        }
        if (basket is null)
        {
            var ownerBasketId = item.BasketId;
            basket = await db.Baskets.AsNoTracking().SingleAsync(b => b.Id == ownerBasketId, cancellationToken);
        }
        return (basket, item);
    }

    /// <summary>The voucher refunds and wallet reclaims of the returned units, each the exact share of those units.</summary>
    private async Task AddUndoingAsync(ReturnLine line, CancellationToken cancellationToken)
    {
        line.Refunds.Clear();
        line.Reclaims.Clear();
        var original = line.Original;
        var from = line.AlreadyReturned;
        var to = from + line.Quantity;
        var spent = LineDistributions.ReadVouchers(original.VoucherDistribution);
        if (spent.Count > 0)
        {
            var ids = spent.Select(s => s.VoucherId).Distinct().ToList();
            var vouchers = await db.Vouchers.AsNoTracking().Where(v => ids.Contains(v.Id)).ToListAsync(cancellationToken);
            foreach (var part in spent)
            {
                var cents = Shares.ForUnits(part.AmountCents, original.Quantity, from, to);
                if (cents != 0)
                {
                    var voucher = vouchers.Single(v => v.Id == part.VoucherId);
                    var campaign = voucher.CampaignId is { } campaignId ? await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == campaignId, cancellationToken) : null;
                    line.Refunds.Add(new Refund(voucher, campaign, cents));
                }
            }
        }
        foreach (var part in LineDistributions.ReadEarnings(original.ProgressDistribution))
        {
            var cents = Shares.ForUnits(part.AmountCents, original.Quantity, from, to);
            if (cents != 0)
            {
                var walletId = part.WalletCampaignId;
                var wallet = await db.Campaigns.AsNoTracking().FirstAsync(c => c.Id == walletId, cancellationToken);
                // The line's member earned it (member B may return member A's item: A's wallet gives it back).
                line.Reclaims.Add(new Reclaim(original.UserId!.Value, part, wallet, -cents));
            }
        }
    }

    /// <summary>
    /// Takes the returned units of the original line for good, or fails (310) when they were taken meanwhile.
    /// When other returns took units since the plan, the shares are worked out again from the units before these.
    /// </summary>
    public async Task<bool> TakeAsync(ReturnLine line, CancellationToken cancellationToken)
    {
        var id = line.Original.Id;
        var quantity = line.Quantity;
        var taken = await db.BasketItems.Where(i => i.Id == id && i.ReturnedQuantity + quantity <= i.Quantity)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.ReturnedQuantity, i => i.ReturnedQuantity + quantity), cancellationToken) == 1;
        if (!taken)
        {
            return false;
        }
        var before = await db.BasketItems.Where(i => i.Id == id).Select(i => i.ReturnedQuantity).SingleAsync(cancellationToken) - quantity;
        if (before != line.AlreadyReturned)
        {
            line.AlreadyReturned = before;
            await AddUndoingAsync(line, cancellationToken);
        }
        return true;
    }
}
