using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;
using Tessera.Server.Features.Baskets;

namespace Tessera.Server.Features.Receipts;

/// <summary>
/// Receipts read back from add-basket's rows: the baskets (without their stored answers), then in one query each what
/// they name (members, branches, campaigns, vouchers, products, variants, the baskets their returns came from).
/// </summary>
public sealed class ReceiptReader(TesseraDbContext db)
{
    /// <summary>A basket's columns but its stored answer (the bulk of its row), for receipts.</summary>
    public static readonly Expression<Func<Basket, Basket>> Columns = b => new Basket
    {
        Id = b.Id,
        ChainId = b.ChainId,
        BusinessId = b.BusinessId,
        UserId = b.UserId,
        RetailerBasketCode = b.RetailerBasketCode,
        PlatformType = b.PlatformType,
        CurrencyId = b.CurrencyId,
        TotalCents = b.TotalCents,
        ItemsSubtotalCents = b.ItemsSubtotalCents,
        AdjustedTotalCents = b.AdjustedTotalCents,
        ShippingCents = b.ShippingCents,
        CountryCode = b.CountryCode,
        PurchasedAt = b.PurchasedAt,
        TimezoneName = b.TimezoneName,
        EmployeeCode = b.EmployeeCode,
        EmployeeName = b.EmployeeName,
        MemberProgramme = b.MemberProgramme,
        Notes = b.Notes,
        PaymentsJson = b.PaymentsJson,
        TaxesJson = b.TaxesJson,
        PurchaseItemCount = b.PurchaseItemCount,
        ReturnItemCount = b.ReturnItemCount,
        Response = "",
        CreatedAt = b.CreatedAt,
        Lines = b.Lines,
        WalletBalanceCents = b.WalletBalanceCents,
        PointsBalanceCents = b.PointsBalanceCents,
    };

    /// <summary>A member's receipts, newest first (spec "Get All Receipts For a User").</summary>
    /// <remarks>With the standalone returns of its baskets (<see cref="ReturnReceipts"/>), by their moment; at the same moment a return after baskets.</remarks>
    public async Task<List<Receipt>> ForMemberAsync(int chainId, int userId, CancellationToken cancellationToken)
    {
        var baskets = await ReadAsync(db.Baskets.Where(b => b.UserId == userId && b.ChainId == chainId), cancellationToken);
        var returns = await ReadReturnsAsync(Standalone(chainId).Where(t => db.Baskets.Any(b => b.Id == t.OriginalBasketId && b.UserId == userId)), cancellationToken);
        return [.. baskets.Concat(returns).OrderByDescending(r => r.Basket.PurchasedAt).ThenByDescending(r => r.Basket.Id < 0).ThenByDescending(r => Math.Abs(r.Basket.Id))];
    }

    /// <summary>The receipt of the chain's basket with this retailer basket code, else of its standalone return with this code.</summary>
    public async Task<Receipt?> ByCodeAsync(int chainId, string code, CancellationToken cancellationToken) =>
        (await ReadAsync(db.Baskets.Where(b => b.ChainId == chainId && b.RetailerBasketCode == code), cancellationToken)).SingleOrDefault()
        ?? (await ReadReturnsAsync(Standalone(chainId).Where(t => t.ReturnOwnerCode == code), cancellationToken)).SingleOrDefault();

    /// <summary>A basket's receipt, or a standalone return's by its negated id (<see cref="ReturnReceipts.BasketId"/>).</summary>
    public async Task<Receipt?> ByIdAsync(long basketId, CancellationToken cancellationToken) => basketId < 0
        ? (await ReadReturnsAsync(db.ReturnTransactions.Where(t => t.Id == -basketId && t.ReturningBasketId == null), cancellationToken)).SingleOrDefault()
        : (await ReadAsync(db.Baskets.Where(b => b.Id == basketId), cancellationToken)).SingleOrDefault();

    public IQueryable<Basket> Baskets => db.Baskets;

    public IQueryable<ReturnTransaction> ReturnTransactions => db.ReturnTransactions;

    /// <summary>The chain's standalone returns (those not inside a returning basket).</summary>
    public IQueryable<ReturnTransaction> Standalone(int chainId) => db.ReturnTransactions.Where(t => t.ChainId == chainId && t.ReturningBasketId == null);

    /// <summary>The receipts of standalone <paramref name="returns"/>, in their order.</summary>
    public async Task<List<Receipt>> ReadReturnsAsync(IQueryable<ReturnTransaction> returns, CancellationToken cancellationToken)
    {
        var transactions = await returns.AsNoTracking().ToListAsync(cancellationToken);
        if (transactions.Count == 0)
        {
            return [];
        }
        var ids = transactions.Select(t => t.Id).ToList();
        var originalIds = transactions.Select(t => t.OriginalBasketId).Distinct().ToList();
        var originals = await db.Baskets.AsNoTracking().Where(b => originalIds.Contains(b.Id)).Select(Columns).ToDictionaryAsync(b => b.Id, cancellationToken);
        var originalLines = originals.Values.SelectMany(BasketLines.Read).ToDictionary(i => i.Id);
        var returned = (await db.ReturnedItems.AsNoTracking().Where(r => ids.Contains(r.ReturnTransactionId)).ToListAsync(cancellationToken))
            .OrderBy(r => r.Id).ToLookup(r => r.ReturnTransactionId);
        return await BuildAsync([.. transactions.Select(t => ReturnReceipts.Of(t, originals[t.OriginalBasketId], [.. returned[t.Id].Select(r => (r, originalLines[r.OriginalItemId]))]))], cancellationToken);
    }

    /// <summary>The receipts of <paramref name="baskets"/>, in their order.</summary>
    public async Task<List<Receipt>> ReadAsync(IQueryable<Basket> baskets, CancellationToken cancellationToken)
    {
        var rows = await baskets.AsNoTracking().Select(Columns).ToListAsync(cancellationToken);
        return await BuildAsync([.. rows.Select(b => (b, BasketLines.Read(b)))], cancellationToken);
    }

    /// <summary>The receipts of <paramref name="baskets"/> and their lines, in their order: what they name read in one query each.</summary>
    private async Task<List<Receipt>> BuildAsync(List<(Basket Basket, List<BasketItem> Lines)> baskets, CancellationToken cancellationToken)
    {
        if (baskets.Count == 0)
        {
            return [];
        }
        var rows = baskets.Select(b => b.Basket).ToList();
        var lines = baskets.ToDictionary(b => b.Basket.Id, b => b.Lines);
        var items = lines.Values.SelectMany(l => l).ToList();
        var chainIds = rows.Select(b => b.ChainId).Distinct().ToList();
        var userIds = rows.Where(b => b.UserId is not null).Select(b => b.UserId!.Value).Distinct().ToList();
        var branchIds = rows.Where(b => b.BusinessId is not null).Select(b => b.BusinessId!.Value).Distinct().ToList();
        var voucherIds = items.SelectMany(i => LineDistributions.ReadVouchers(i.VoucherDistribution)).Select(v => v.VoucherId).Distinct().ToList();
        var productIds = items.Where(i => i.ProductId is not null).Select(i => i.ProductId!.Value).Distinct().ToList();
        var variantIds = items.Where(i => i.ProductVariantId is not null).Select(i => i.ProductVariantId!.Value).Distinct().ToList();
        var returnedIds = items.Where(i => i.IsReturn && i.OriginalItemId is not null).Select(i => i.OriginalItemId!.Value).Distinct().ToList();

        var chains = await db.Chains.AsNoTracking().Where(c => chainIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, cancellationToken);
        var branches = await db.Businesses.AsNoTracking().Where(b => branchIds.Contains(b.Id)).ToDictionaryAsync(b => b.Id, cancellationToken);
        var campaigns = await db.Campaigns.AsNoTracking().Where(c => chainIds.Contains(c.ChainId)).ToDictionaryAsync(c => c.Id, cancellationToken);
        var voucherRows = await db.Vouchers.AsNoTracking().Where(v => voucherIds.Contains(v.Id)).ToListAsync(cancellationToken);
        var vouchers = voucherRows.ToDictionary(v => v.Id, v => ReceiptVouchers.Of(v, v.CampaignId is { } c ? campaigns.GetValueOrDefault(c) : null));
        var products = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        var variants = await db.ProductVariants.AsNoTracking().Where(v => variantIds.Contains(v.Id)).ToDictionaryAsync(v => v.Id, cancellationToken);
        var originals = returnedIds.Count == 0 ? [] : await (
            from r in db.BasketLineReturns
            join b in db.Baskets on r.BasketId equals b.Id
            where returnedIds.Contains(r.LineId)
            select new { r.LineId, b.RetailerBasketCode }).ToDictionaryAsync(x => x.LineId, x => x.RetailerBasketCode, cancellationToken);

        ReceiptProduct Product(BasketItem i)
        {
            var p = i.ProductId is { } pid ? products.GetValueOrDefault(pid) : null;
            var v = i.ProductVariantId is { } vid ? variants.GetValueOrDefault(vid) : null;
            return p is null && v is null ? ReceiptProduct.None : new ReceiptProduct(p?.Name, p?.Description, p?.Category, v?.Colour, v?.Size, v?.ImageUrl ?? p?.ImageUrl);
        }

        return rows.Select(b =>
        {
            var basketLines = lines[b.Id];
            var codes = basketLines.Where(i => i.IsReturn && i.OriginalItemId is { } o && originals.ContainsKey(o)).ToDictionary(i => i.Id, i => originals[i.OriginalItemId!.Value]);
            var parts = new ReceiptParts(chains[b.ChainId], b.BusinessId is { } bid ? branches.GetValueOrDefault(bid) : null,
                b.UserId is { } uid ? users.GetValueOrDefault(uid) : null, campaigns, vouchers, Product, codes);
            return ReceiptBuilder.Build(b, basketLines, parts, balances: true);
        }).ToList();
    }
}
