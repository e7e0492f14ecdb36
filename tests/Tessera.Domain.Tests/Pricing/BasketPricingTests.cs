using Tessera.Domain.Pricing;

namespace Tessera.Domain.Tests.Pricing;

public sealed class BasketPricingTests
{
    [Fact]
    public void A_voucher_is_spread_in_proportion_to_the_items_and_the_parts_add_up_exactly()
    {
        // 10.00 over 3 equal items: 3.34 + 3.33 + 3.33 (the first of equal fractions gets the extra hundredth).
        var result = BasketPricing.Price([new(2000), new(2000), new(2000)], [new(1000, null, true)]);
        Assert.Equal([334L, 333L, 333L], result.Vouchers[0].PerItemCents);
        Assert.Equal(1000, result.Vouchers[0].RedeemedCents);
        Assert.Equal(6000, result.TotalCents);
        Assert.Equal(5000, result.AdjustedTotalCents);
        Assert.Equal([1666L, 1667L, 1667L], result.ItemAdjustedCents);
    }

    [Fact]
    public void Promotional_and_excluded_items_get_nothing_unless_the_campaign_spends_on_promotions()
    {
        PricedItem[] items = [new(5000), new(3000, Promotional: true), new(2000, Excluded: true)];
        var strict = BasketPricing.Price(items, [new(1000, null, SpendOnPromotionalItems: false)]);
        Assert.Equal([1000L, 0L, 0L], strict.Vouchers[0].PerItemCents);
        var lenient = BasketPricing.Price(items, [new(800, null, SpendOnPromotionalItems: true)]);
        Assert.Equal([500L, 300L, 0L], lenient.Vouchers[0].PerItemCents);
    }

    [Fact]
    public void A_voucher_larger_than_the_eligible_total_redeems_only_what_it_can()
    {
        var result = BasketPricing.Price([new(1500), new(700, Excluded: true)], [new(5000, null, true)]);
        Assert.Equal(1500, result.Vouchers[0].RedeemedCents);
        Assert.Equal([0L, 700L], result.ItemAdjustedCents);
        Assert.Equal(700, result.AdjustedTotalCents);
    }

    [Fact]
    public void Vouchers_apply_in_order_on_what_is_left()
    {
        var result = BasketPricing.Price([new(1000)], [new(800, null, true), new(500, null, true)]);
        Assert.Equal([800L, 200L], result.Vouchers.Select(v => v.RedeemedCents));
        Assert.Equal(0, result.AdjustedTotalCents);
    }

    [Fact]
    public void A_ratio_voucher_takes_its_share_of_what_it_may_spend_on_rounded_down()
    {
        var result = BasketPricing.Price([new(3333), new(1000, Promotional: true)], [new(null, 250, false)]);
        Assert.Equal(833, result.Vouchers[0].RedeemedCents);
        Assert.Equal([833L, 0L], result.Vouchers[0].PerItemCents);
    }

    [Fact]
    public void A_client_distribution_replaces_the_automatic_one_capped_per_item()
    {
        var given = new Dictionary<int, long> { [0] = 100, [1] = 5000, [7] = 10 };
        var result = BasketPricing.Price([new(1000), new(2000)], [new(1000, null, true, given)]);
        Assert.Equal([100L, 2000L], result.Vouchers[0].PerItemCents);
        Assert.Equal(2100, result.Vouchers[0].RedeemedCents);
    }

    /// <summary>Property checks over random baskets and vouchers.</summary>
    [Fact]
    public void Random_baskets_keep_every_invariant()
    {
        var random = new Random(20261122);
        for (var round = 0; round < 2000; round++)
        {
            var items = Enumerable.Range(0, random.Next(1, 15))
                .Select(_ => new PricedItem(random.Next(0, 50_000), random.Next(5) == 0, random.Next(8) == 0)).ToArray();
            var vouchers = Enumerable.Range(0, random.Next(0, 4))
                .Select(_ => random.Next(3) == 0
                    ? new VoucherToApply(null, random.Next(1, 1001), random.Next(2) == 0)
                    : new VoucherToApply(random.Next(1, 100_000), null, random.Next(2) == 0)).ToArray();

            var result = BasketPricing.Price(items, vouchers);

            Assert.Equal(items.Sum(i => i.SubtotalCents), result.TotalCents);
            Assert.All(result.ItemAdjustedCents, cents => Assert.True(cents >= 0));
            Assert.Equal(result.TotalCents - result.Vouchers.Sum(v => v.RedeemedCents), result.AdjustedTotalCents);
            Assert.Equal(result.AdjustedTotalCents, result.ItemAdjustedCents.Sum());
            for (var v = 0; v < vouchers.Length; v++)
            {
                var applied = result.Vouchers[v];
                Assert.Equal(applied.RedeemedCents, applied.PerItemCents.Sum());
                if (vouchers[v].AmountCents is { } amount)
                {
                    Assert.True(applied.RedeemedCents <= amount);
                }
                for (var i = 0; i < items.Length; i++)
                {
                    var mayTake = !items[i].Excluded && (vouchers[v].SpendOnPromotionalItems || !items[i].Promotional);
                    Assert.True(mayTake || applied.PerItemCents[i] == 0);
                }
            }
        }
    }
}
