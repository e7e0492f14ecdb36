using Microsoft.EntityFrameworkCore;
using Tessera.Server.Data.Sql;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;
using Tessera.Server.Features.Events;
using Tessera.Server.Features.Vouchers;

namespace Tessera.Server.Features.Baskets.Returns;

/// <summary>
/// What returns write, inline in add-basket as in the standalone return call: the regenerated vouchers of their
/// refunds, the return transactions and returned items, and the reclaims of what the returned units earned.
/// </summary>
public sealed class ReturnWriter(TesseraDbContext db, VoucherService vouchers, EventWriter events, RowIds ids)
{
    /// <summary>
    /// spec regenerated_rewards: every voucher value refunded by a returned line becomes a new claimed voucher of
    /// the same campaign and member, with the original as its parent; redeemed at once when the chain says so.
    /// </summary>
    public async Task RegenerateAsync(PricedBasket priced, DateTime now, CancellationToken cancellationToken)
    {
        foreach (var line in priced.Returns)
        {
            foreach (var refund in line.Refunds)
            {
                var voucher = await vouchers.IssueAsync(BasketPricer.RegeneratedVoucher(refund, now), cancellationToken);
                // Written: from here it changes only by the basket's own statements (its claim), not by SaveChanges.
                db.Entry(voucher).State = EntityState.Detached;
                var applied = new BasketVoucher(voucher, refund.Campaign) { RegeneratedFrom = new Regenerated(line, refund) };
                priced.Regenerated.Add(applied);
                if (BasketPricer.RedeemsAtOnce(priced, voucher))
                {
                    priced.Vouchers.Add(applied);
                }
            }
        }
    }

    /// <summary>
    /// The returns of this basket: return transactions per original basket, returned items, and the reclaims of
    /// what the returned units earned, taken from the original buyer's wallets (member B may return member A's
    /// item: A's ledger is reversed). A reclaim may take a balance below zero: the credit may have been spent.
    /// </summary>
    public async Task ReturnAsync(PricedBasket priced, SqlBatch postings, long? returningBasketId, DateTime now, CancellationToken cancellationToken)
    {
        if (priced.Returns.Count == 0)
        {
            return;
        }
        foreach (var group in priced.Returns.GroupBy(r => r.OriginalBasket.Id))
        {
            var transaction = new ReturnTransaction { ChainId = priced.Scope.Chain.Id, OriginalBasketId = group.Key, ReturningBasketId = returningBasketId, CreatedAt = now };
            db.ReturnTransactions.Add(transaction);
            await db.SaveChangesAsync(cancellationToken);
            foreach (var line in group)
            {
                line.Transaction = transaction;
                line.Returned = new ReturnedItem
                {
                    ReturnTransactionId = transaction.Id,
                    OriginalItemId = line.Original.Id,
                    ReturnItemId = line.Row?.Id,
                    Quantity = line.Quantity,
                    ReturnPriceCents = line.ReturnPriceCents,
                    SalePriceCents = line.Original.PriceCents,
                    OwnerCode = line.Original.RetailerItemCode,
                };
                db.ReturnedItems.Add(line.Returned);
                foreach (var reclaim in line.Reclaims)
                {
                    reclaim.Entry = await BasketPostings.PostAsync(ids, events, priced, postings, reclaim.UserId, reclaim.Wallet, reclaim.Cents, reclaim.Earned.ContributingCampaignId, "return", line, now, cancellationToken);
                }
            }
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
