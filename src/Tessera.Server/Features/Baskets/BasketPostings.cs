using System.Text.Json.Nodes;
using Tessera.Domain.Ledger;
using Tessera.Server.Data.Sql;
using Tessera.Server.Data.Entities;
using Tessera.Server.Features.Baskets.Returns;
using Tessera.Server.Features.Events;
using Tessera.Server.Features.Ledger;

namespace Tessera.Server.Features.Baskets;

/// <summary>The ledger postings of a basket and of its returns, each with its points-mutation event.</summary>
public static class BasketPostings
{
    /// <summary>
    /// Adds to <paramref name="postings"/> a wallet posting of the basket (a credit it earned, or a reclaim of its
    /// returns, which may take the balance below zero: the credit may have been spent) and its shopper.points-mutation
    /// event, written in the same batch (so one event per entry, only when the basket commits). The member's balances
    /// in the event are those read in the basket's transaction plus the basket's postings so far.
    /// </summary>
    public static async Task<LedgerEntry> PostAsync(RowIds ids, EventWriter events, PricedBasket priced, SqlBatch postings, int userId, Campaign wallet, long cents, int? contributingId, string message, ReturnLine? returned, DateTime now, CancellationToken cancellationToken)
    {
        var basket = priced.Stored!;
        var entry = LedgerService.AddUnrefusable(postings, new Posting(userId, wallet, cents, LedgerKinds.CampaignContribution, ContributingCampaignId: contributingId,
            LogMessage: message, BasketId: basket.Id, RetailerBasketCode: basket.RetailerBasketCode, AllowNegativeBalance: cents < 0),
            await ids.NextAsync("ledger_entries", 1, cancellationToken), now);
        if (!priced.EventMembers.TryGetValue(userId, out var member))
        {
            var known = priced.Scope.Member is { } shopper && shopper.Id == userId ? shopper : null;
            priced.EventMembers[userId] = member = await events.MemberAsync(userId, known, cancellationToken);
        }
        member.Balances[wallet.Id] = member.Balances.GetValueOrDefault(wallet.Id) + cents;
        var contributing = contributingId is { } id ? priced.Scope.Campaigns.Active.FirstOrDefault(c => c.Id == id) : null;
        priced.Events.Add(Outbox.Create(basket.ChainId, EventTypes.ShopperPointsMutation, EventBodies.PointsMutation(
            entry,
            wallet.CurrencyId ?? basket.CurrencyId,
            EventBodies.Campaign(wallet, contributing, contributingId),
            EventBodies.Basket(basket),
            null,
            returned is null ? null : ReturnedItem(returned),
            null,
            await events.UserAsync(member, cancellationToken)), entry.CreatedAt));
        return entry;
    }

    /// <summary>The returned unit's original line, for the event's <c>returned_item</c>.</summary>
    private static JsonObject ReturnedItem(ReturnLine line) => new()
    {
        ["basket_item_id"] = line.Original.Id,
        ["retailer_item_code"] = line.Original.RetailerItemCode,
        ["quantity"] = line.Quantity,
        ["return_price"] = Cents.ToDecimal(line.ReturnPriceCents),
    };
}
