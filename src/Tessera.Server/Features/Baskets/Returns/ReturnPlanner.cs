using Microsoft.EntityFrameworkCore;
using Tessera.Domain.Pricing;
using Tessera.Server.Data.Sql;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Baskets.Returns;

/// <summary>A line to return, however it was named: inline (a return item) or by the standalone return call.</summary>
public sealed record ReturnRequest(ItemInput? Input, string? OriginalBasketCode, long? OriginalBasketId, string? OriginalSupplementaryCode, string? OriginalItemCode, string? Barcode, string? ProductCode, decimal Quantity, long? PriceCents, int? SpaazaProductId = null);

/// <summary>
/// Finds the original purchase line of each returned line (spec: rules surrounding recognising the original
/// purchase) and works out what returning it undoes: 308 when the original basket is not found, 309 when no
/// line of it matches, 310 when more units are returned than remain. Reads only; the quantity is taken for
/// good by the conditional upsert of <see cref="TakeAsync"/> inside the storing transaction.
/// </summary>
public sealed class ReturnPlanner(TesseraDbContext db)
{
    public static ReturnRequest FromItem(ItemInput item) => new(item, item.OriginalRetailerBasketCode, null, item.OriginalSupplementaryBasketCode,
        item.OriginalRetailerItemCode, item.Barcode, item.RetailerProductCode, item.Quantity, item.PriceCents, item.SpaazaProductId);

    public async Task<Outcome<List<ReturnLine>>> PlanAsync(int chainId, User? returningMember, IReadOnlyList<ReturnRequest> requests, CancellationToken cancellationToken)
    {
        var lines = new List<ReturnLine>();
        var pending = new Dictionary<long, decimal>();
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

    private async Task<Outcome<(Basket Basket, BasketItem Item)>> OriginalAsync(int chainId, User? member, ReturnRequest request, Dictionary<long, decimal> pending, CancellationToken cancellationToken)
    {
        Basket? basket = null;
        if (request.OriginalBasketId is { } basketId)
        {
            basket = await db.Baskets.AsNoTracking().FirstOrDefaultAsync(b => b.Id == basketId && b.ChainId == chainId, cancellationToken);
        }
        else
        {
            if (request.OriginalBasketCode is { } code)
            {
                basket = await db.Baskets.AsNoTracking().FirstOrDefaultAsync(b => b.ChainId == chainId && b.RetailerBasketCode == code, cancellationToken);
            }
            // spec original_retailer_basket_code: a basket's supplementary codes may be used "instead", in
            // original_supplementary_basket_code or in this field; a basket with this retailer code takes precedence.
            if (basket is null && (request.OriginalSupplementaryCode ?? request.OriginalBasketCode) is { } supplementary)
            {
                basket = await BySupplementaryCodeAsync(chainId, supplementary, cancellationToken);
            }
        }
        var named = request.OriginalBasketId is not null || request.OriginalBasketCode is not null || request.OriginalSupplementaryCode is not null;
        if (named && basket is null)
        {
            return ErrorCodes.OriginalBasketNotFound;
        }

        if (basket is null && (member is null || (request.Barcode is null && request.ProductCode is null && request.SpaazaProductId is null)))
        {
            // spec: without an original basket, the member's most recent not-yet-returned purchase of the same barcode.
            return ErrorCodes.OriginalBasketItemNotFound.With("name the original basket, or identify the member who bought the item");
        }
        Func<BasketItem, bool> matches = request switch
        {
            { OriginalItemCode: { } itemCode } => i => i.RetailerItemCode == itemCode,
            { Barcode: { } barcode } => i => i.ItemBarcode == barcode,
            // spec: "If both are supplied, spaaza_product_id overrides retailer_product_code."
            { SpaazaProductId: { } productId } => i => i.ProductId == productId,
            { ProductCode: { } productCode } => i => i.RetailerProductCode == productCode,
            // spec: "Each item must contain a valid identifier": a line naming none matches no original line (309).
            _ => _ => false,
        };

        // The most recent matching purchase lines (lines are kept in their baskets, migration 0010): of the named
        // basket, or else of the member's baskets, newest first, a page of baskets at a time.
        var items = new List<BasketItem>();
        if (basket is not null)
        {
            items.AddRange(BasketLines.Read(basket).Where(i => !i.IsReturn && matches(i)).OrderByDescending(i => i.Id));
        }
        else
        {
            var userId = member!.Id;
            for (var skip = 0; items.Count < Candidates; skip += BasketsPerPage)
            {
                var page = await db.Baskets.AsNoTracking()
                    .Where(b => b.UserId == userId && b.ChainId == chainId)
                    .OrderByDescending(b => b.PurchasedAt).ThenByDescending(b => b.Id)
                    .Skip(skip).Take(BasketsPerPage)
                    .Select(b => new { b.Id, b.PurchasedAt, b.Lines })
                    .ToListAsync(cancellationToken);
                foreach (var owner in page)
                {
                    items.AddRange(BasketLines.Read(owner.Lines, owner.Id, chainId, userId, owner.PurchasedAt).Where(i => !i.IsReturn && matches(i)).OrderByDescending(i => i.Id));
                }
                if (page.Count < BasketsPerPage)
                {
                    break;
                }
            }
        }
        if (items.Count > Candidates)
        {
            items.RemoveRange(Candidates, items.Count - Candidates);
        }
        await AddReturnedAsync(items, cancellationToken);
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

    /// <summary>How many of the most recent matching lines are considered.</summary>
    private const int Candidates = 50;

    /// <summary>Baskets of a member read at a time when looking for the original line without its basket.</summary>
    private const int BasketsPerPage = 100;

    /// <summary>
    /// The most recent basket of the chain with purchases that was sent with <paramref name="code"/> among its
    /// supplementary codes (a till may put a receipt's code on the return basket too; that one has nothing to return).
    /// </summary>
    private Task<Basket?> BySupplementaryCodeAsync(int chainId, string code, CancellationToken cancellationToken) =>
        (from c in db.BasketCodes
         join b in db.Baskets on c.BasketId equals b.Id
         where c.ChainId == chainId && c.Code == code && b.PurchaseItemCount > 0
         orderby b.PurchasedAt descending, b.Id descending
         select b).AsNoTracking().FirstOrDefaultAsync(cancellationToken);

    /// <summary>Sets each line's returned quantity from <see cref="BasketLineReturn"/>.</summary>
    private async Task AddReturnedAsync(List<BasketItem> items, CancellationToken cancellationToken)
    {
        if (items.Count == 0)
        {
            return;
        }
        var ids = items.Select(i => i.Id).ToList();
        var returned = await db.BasketLineReturns.AsNoTracking().Where(r => ids.Contains(r.LineId))
            .ToDictionaryAsync(r => r.LineId, r => r.ReturnedQuantity, cancellationToken);
        foreach (var item in items)
        {
            item.ReturnedQuantity = returned.GetValueOrDefault(item.Id);
        }
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
        var original = line.Original;
        var quantity = line.Quantity;
        decimal? returned = null;
        // One upsert, conditional on never passing the line's quantity: the first return of a line inserts its count,
        // later ones raise it (or change nothing when too few units remain, and then no row comes back).
        await BasketSql.AddTakeReturned(new SqlBatch(db), original.Id, original.BasketId, quantity, original.Quantity, r => returned = Quantities.FromThousandths(r.GetInt64(0)))
            .ReadAsync(cancellationToken);
        if (returned is not { } total)
        {
            return false;
        }
        var before = total - quantity;
        if (before != line.AlreadyReturned)
        {
            line.AlreadyReturned = before;
            await AddUndoingAsync(line, cancellationToken);
        }
        return true;
    }
}
