using Tessera.Domain.Campaigns;
using Tessera.Server.Data.Entities;
using Tessera.Server.Data.Sql;
using Tessera.Server.Features.Baskets;

namespace Tessera.Server.Features.Receipts;

/// <summary>
/// What add-basket adds to its batch for receipts: the member's balances directly after the basket, and, for a chain
/// with the receipts service active, the receipts webhook's event (spec lines 6635-6760), whose payload is the
/// receipt object. The receipt is built from what the basket holds in memory: no read is added to add-basket.
/// </summary>
public sealed class ReceiptEvent(ReceiptLinks links, ReceiptReader reader)
{
    /// <summary>
    /// Before add-basket's transaction: the link's signing key, read (and made, the first time) on a connection of
    /// its own, which inside the transaction would wait for it on SQLite. Cached after the first basket.
    /// </summary>
    public Task PrepareAsync(PricedBasket priced, CancellationToken cancellationToken) =>
        priced.Scope.Chain.ReceiptsServiceActive ? links.PrepareAsync(cancellationToken) : Task.CompletedTask;

    public async Task AddAsync(SqlBatch batch, PricedBasket priced, Basket basket, IReadOnlyList<BasketItem> rows, DateTime now, CancellationToken cancellationToken)
    {
        var scope = priced.Scope;
        var chain = scope.Chain;
        if (scope.Member is { } member)
        {
            ReceiptSql.AddBalances(batch, basket.Id, member.Id, ReceiptBuilder.MainWallet(scope.Campaigns.Active, CampaignTypes.Wallet)?.Id,
                ReceiptBuilder.MainWallet(scope.Campaigns.Active, CampaignTypes.PointsWallet)?.Id);
        }
        if (!chain.ReceiptsServiceActive)
        {
            return;
        }
        var receipt = ReceiptBuilder.Build(basket, rows, Parts(priced), balances: false);
        var url = await links.CreateAsync(basket.Id, cancellationToken);
        var json = BasketView.ToJson(w => ReceiptJson.Write(w, receipt, url));
        ReceiptSql.AddEvent(batch, basket.Id, chain.Id, json, now);
    }

    /// <summary>
    /// The standalone return's event, in its batch: its receipt read back inside its transaction (the call is not
    /// add-basket's hot path), as <c>GET /receipts/{id}</c> reads it. A return stores no balances, so the event has no
    /// slots; <paramref name="originalBasketId"/> is only the row the event's insert selects from.
    /// </summary>
    public async Task AddReturnAsync(SqlBatch batch, Chain chain, long returnTransactionId, long originalBasketId, DateTime now, CancellationToken cancellationToken)
    {
        if (!chain.ReceiptsServiceActive)
        {
            return;
        }
        var receipt = (await reader.ReadReturnsAsync(reader.Standalone(chain.Id).Where(t => t.Id == returnTransactionId), cancellationToken)).Single();
        var url = await links.CreateAsync(receipt.Basket.Id, cancellationToken);
        ReceiptSql.AddEvent(batch, originalBasketId, chain.Id, BasketView.ToJson(w => ReceiptJson.Write(w, receipt, url)), now);
    }

    private static ReceiptParts Parts(PricedBasket priced)
    {
        var scope = priced.Scope;
        var campaigns = scope.Campaigns.Active.ToDictionary(c => c.Id);
        foreach (var earned in priced.Earned)
        {
            campaigns.TryAdd(earned.Contributing.Id, earned.Contributing);
            campaigns.TryAdd(earned.Wallet.Id, earned.Wallet);
        }
        var vouchers = new Dictionary<long, ReceiptVoucher>();
        foreach (var v in priced.Vouchers.Concat(priced.Honour).Concat(priced.Lines.SelectMany(l => l.ItemVouchers)))
        {
            vouchers[v.Voucher.Id] = ReceiptVouchers.Of(v.Voucher, v.Campaign);
        }
        var products = new Dictionary<long, ReceiptProduct>();
        foreach (var line in priced.Lines.Where(l => l.Row is not null))
        {
            var m = line.Input.Metadata;
            products[line.Row!.Id] = new ReceiptProduct(line.Product?.Name ?? m.Name, line.Product?.Description ?? m.Description, line.Product?.Category ?? m.Category,
                line.Variant?.Colour ?? m.Colour, line.Variant?.Size ?? m.Size, line.Variant?.ImageUrl ?? line.Product?.ImageUrl ?? m.ImageUrl);
        }
        var originals = priced.Returns.Where(r => r.Row is not null).ToDictionary(r => r.Row!.Id, r => r.OriginalBasket.RetailerBasketCode);
        return new ReceiptParts(scope.Chain, scope.Branch, scope.Member, campaigns, vouchers, i => products.GetValueOrDefault(i.Id, ReceiptProduct.None), originals);
    }
}
