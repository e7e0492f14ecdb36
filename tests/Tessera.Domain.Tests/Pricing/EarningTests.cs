using Tessera.Domain.Ledger;
using Tessera.Domain.Pricing;

namespace Tessera.Domain.Tests.Pricing;

public sealed class EarningTests
{
    [Theory]
    [InlineData(10000, "5", Rounding.RoundDown, 2, 500)]
    [InlineData(1999, "5", Rounding.RoundDown, 2, 99)]
    [InlineData(1999, "5", Rounding.Neutral, 2, 100)]
    [InlineData(1999, "5", Rounding.RoundDown, 0, 0)]
    [InlineData(10000, "300", Rounding.RoundDown, 0, 30000)]
    [InlineData(0, "5", Rounding.RoundDown, 2, 0)]
    [InlineData(10000, "0", Rounding.RoundDown, 2, 0)]
    public void Cashback_is_a_percentage_of_eligible_spend_in_the_wallets_rounding(long spend, string percentage, string strategy, int precision, long expected) =>
        Assert.Equal(expected, Earning.Cashback(spend, decimal.Parse(percentage, System.Globalization.CultureInfo.InvariantCulture), strategy, precision));

    [Theory]
    [InlineData(1999)]
    [InlineData(12345)]
    [InlineData(7)]
    public void A_return_takes_back_exactly_what_the_purchase_earned(long spend) =>
        Assert.Equal(-Earning.Cashback(spend, 5m, Rounding.RoundDown, 2), Earning.Cashback(-spend, 5m, Rounding.RoundDown, 2));

    [Fact]
    public void Eligible_spend_leaves_out_excluded_and_optionally_promotional_items()
    {
        PricedItem[] items = [new(1000), new(500, Promotional: true), new(300, Excluded: true)];
        Assert.Equal(1000, Earning.EligibleSpend(items, countPromotionalItems: false));
        Assert.Equal(1500, Earning.EligibleSpend(items, countPromotionalItems: true));
    }
}
