using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Server.Features.Campaigns;
using Tessera.Server.Protocol;
using Tessera.Server.Tests.Campaigns;
using Tessera.Server.Tests.Infrastructure;
using static Tessera.Server.Tests.Baskets.BasketCalls;

namespace Tessera.Server.Tests.Baskets;

/// <summary>The referral paid at the first purchase.</summary>
public sealed class FirstPurchaseReferralTests
{
    // ------------------------------------------------------------------ referral at first purchase

    [Trait("Category", "Slow")]
    [Theory, AllEngines]
    public async Task Parallel_first_purchases_of_an_invitee_pay_the_referral_once(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        using (var admin = await shop.Chain.AdminClientAsync())
        {
            await CampaignTests.AddCampaignAsync(admin, shop.Chain.ChainId,
                $$"""{"type":"affiliate","title":"Invite","sender_reward_amount":10,"recipient_reward_amount":5,"reward_on_first_purchase":true,"recipient_campaign_id":{{shop.Wallet}}}""");
        }
        using var privileged = shop.Chain.PrivilegedClient();
        var added = await privileged.PostAsync("/internal/add-user", ("username", $"friend-{Guid.NewGuid():N}@example.test"), ("referral_code", shop.Member.ReferralCode!));
        var inviteeId = added.Results.GetProperty("user_info").GetProperty("user_id").GetInt32();
        var invitee = await shop.Chain.App.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == inviteeId));

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            BasketCalls.AddAsync(shop, shop.Basket(Code(), ShopSetup.TwoItems, memberNumber: BasketCalls.Number(invitee)))));

        Assert.All(responses, r => r.AssertOk("add-basket"));
        Assert.Equal(1000, await shop.BalanceAsync(shop.Member.Id));
        Assert.Equal(500 + (6 * 1000), await shop.BalanceAsync(inviteeId));
        Assert.Equal(await shop.LedgerSumAsync(inviteeId), await shop.BalanceAsync(inviteeId));
    }

    [Theory, AllEngines]
    public async Task A_referral_paid_at_first_purchase_rewards_at_the_first_add_basket_and_not_again(string engine)
    {
        var shop = await ShopSetup.CreateAsync(TesseraApp.Shared(engine));
        using (var admin = await shop.Chain.AdminClientAsync())
        {
            await CampaignTests.AddCampaignAsync(admin, shop.Chain.ChainId,
                $$"""{"type":"affiliate","title":"Invite","sender_reward_amount":10,"recipient_reward_amount":5,"reward_on_first_purchase":true,"recipient_campaign_id":{{shop.Wallet}}}""");
        }
        var inviter = shop.Member;
        using var privileged = shop.Chain.PrivilegedClient();
        var added = await privileged.PostAsync("/internal/add-user", ("username", $"friend-{Guid.NewGuid():N}@example.test"), ("referral_code", inviter.ReferralCode!));
        added.AssertOk("add-user");
        var inviteeId = added.Results.GetProperty("user_info").GetProperty("user_id").GetInt32();
        var invitee = await shop.Chain.App.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == inviteeId));
        Assert.Equal(inviter.Id, invitee.ReferringUserId);
        Assert.Equal(0, await shop.BalanceAsync(inviter.Id));
        Assert.Equal(0, await shop.BalanceAsync(inviteeId));

        // get-basket-price is not a purchase.
        (await BasketCalls.PriceAsync(shop, shop.Basket(Code(), ShopSetup.TwoItems, memberNumber: BasketCalls.Number(invitee)))).AssertOk("get-basket-price");
        Assert.Equal(0, await shop.BalanceAsync(inviter.Id));

        (await BasketCalls.AddAsync(shop, shop.Basket(Code(), ShopSetup.TwoItems, memberNumber: BasketCalls.Number(invitee)))).AssertOk("add-basket");
        // The inviter gets 10.00; the invitee 5.00 and the 10.00 cashback of the basket.
        Assert.Equal(1000, await shop.BalanceAsync(inviter.Id));
        Assert.Equal(1500, await shop.BalanceAsync(inviteeId));

        (await BasketCalls.AddAsync(shop, shop.Basket(Code(), ShopSetup.TwoItems, memberNumber: BasketCalls.Number(invitee)))).AssertOk("add-basket");
        Assert.Equal(1000, await shop.BalanceAsync(inviter.Id));
        Assert.Equal(2500, await shop.BalanceAsync(inviteeId));
        Assert.Equal(1000, await shop.LedgerSumAsync(inviter.Id));
        Assert.Equal(2500, await shop.LedgerSumAsync(inviteeId));
    }
}
