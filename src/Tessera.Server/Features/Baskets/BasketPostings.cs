using System.Text.Json.Nodes;
using Tessera.Domain.Ledger;
using Tessera.Server.Data.Sql;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;
using Tessera.Server.Features.Events;
using Tessera.Server.Features.Ledger;

namespace Tessera.Server.Features.Baskets;

/// <summary>The ledger postings of a basket and of its returns, each with its points-mutation event.</summary>
public static class BasketPostings
{
    /// <summary>
    /// Adds to <paramref name="postings"/> a wallet posting of the basket (a credit it earned, or a reclaim of its
    /// returns, which may take the balance below zero: the credit may have been spent) and its points-mutation event.
    /// </summary>
    public static async Task<LedgerEntry> PostAsync(RowIds ids, PricedBasket priced, SqlBatch postings, int userId, Campaign wallet, long cents, int? contributingId, string message, DateTime now, CancellationToken cancellationToken)
    {
        var basket = priced.Stored!;
        var entry = LedgerService.AddUnrefusable(postings, new Posting(userId, wallet, cents, LedgerKinds.CampaignContribution, ContributingCampaignId: contributingId,
            LogMessage: message, BasketId: basket.Id, RetailerBasketCode: basket.RetailerBasketCode, AllowNegativeBalance: cents < 0),
            await ids.NextAsync("ledger_entries", 1, cancellationToken), now);
        priced.Events.Add(Outbox.Create(basket.ChainId, BasketWriter.PointsMutation, new JsonObject
        {
            ["amount"] = Cents.Format(cents),
            ["earn_or_spend"] = cents >= 0 ? "earn" : "spend",
            ["user_id"] = userId,
            ["campaign_id"] = wallet.Id,
            ["campaign_type"] = wallet.Type,
            ["contributing_campaign_id"] = contributingId,
            ["basket_id"] = basket.Id,
            ["retailer_basket_code"] = basket.RetailerBasketCode,
            ["ledger_entry_id"] = entry.Id,
        }, entry.CreatedAt));
        return entry;
    }
}
