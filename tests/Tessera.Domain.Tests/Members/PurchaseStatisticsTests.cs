using Tessera.Domain.Members;

namespace Tessera.Domain.Tests.Members;

public sealed class PurchaseStatisticsTests
{
    private static readonly DateTime Now = new(2026, 6, 30, 12, 0, 0, DateTimeKind.Utc);

    private static PurchaseRecord Bought(int daysAgo, decimal total, bool online = false, int? store = 7) =>
        new(Now.AddDays(-daysAgo), total, online, store);

    [Fact]
    public void Without_purchases_everything_is_zero_or_null_as_in_the_first_login_sample()
    {
        var stats = PurchaseStatistics.From([], Now);
        Assert.Equal(PurchaseStatistics.None, stats);
        Assert.Equal(0, stats.Overall);
        Assert.Null(stats.DaysSinceLastPurchase);
        Assert.Equal("", stats.Stores);
    }

    [Fact]
    public void Overall_is_a_hundred_times_recency_plus_ten_times_frequency_plus_monetary()
    {
        // Last purchase 6 days ago (R 5), 4 purchases this year (F 3), 119.30 average → 477.20 spend (M 4).
        var stats = PurchaseStatistics.From([Bought(6, 100m), Bought(40, 120m), Bought(100, 130m, online: true, store: null), Bought(200, 127.20m)], Now);
        Assert.Equal(5, stats.Recency);
        Assert.Equal(3, stats.Frequency);
        Assert.Equal(4, stats.Monetary);
        Assert.Equal(534, stats.Overall);
        Assert.Equal(119.30m, stats.AverageBasketValue);
        Assert.Equal(6, stats.DaysSinceLastPurchase);
        Assert.Equal(4, stats.NumberOfPurchases);
        Assert.True(stats.OnlineShopper);
        Assert.True(stats.OfflineShopper);
        Assert.Equal("7", stats.Stores);
    }

    [Theory]
    [InlineData(0, 5)]
    [InlineData(30, 5)]
    [InlineData(31, 4)]
    [InlineData(90, 4)]
    [InlineData(180, 3)]
    [InlineData(365, 2)]
    [InlineData(366, 1)]
    [InlineData(2000, 1)]
    public void Recency_falls_by_band_of_days_since_the_last_purchase(int daysAgo, int score) =>
        Assert.Equal(score, PurchaseStatistics.From([Bought(daysAgo, 10m)], Now).Recency);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 3)]
    [InlineData(5, 3)]
    [InlineData(6, 4)]
    [InlineData(12, 5)]
    [InlineData(40, 5)]
    public void Frequency_counts_the_purchases_of_the_last_year(int count, int score) =>
        Assert.Equal(score, PurchaseStatistics.From(Enumerable.Range(1, count).Select(i => Bought(i, 1m)).ToList(), Now).Frequency);

    [Theory]
    [InlineData("49.99", 1)]
    [InlineData("50", 2)]
    [InlineData("150", 3)]
    [InlineData("400", 4)]
    [InlineData("1000", 5)]
    public void Monetary_sums_the_spend_of_the_last_year(string spend, int score) =>
        Assert.Equal(score, PurchaseStatistics.From([Bought(3, decimal.Parse(spend, System.Globalization.CultureInfo.InvariantCulture))], Now).Monetary);

    [Fact]
    public void Purchases_older_than_a_year_count_for_recency_and_totals_but_not_for_frequency_or_monetary()
    {
        var stats = PurchaseStatistics.From([Bought(400, 5000m), Bought(500, 5000m, online: true, store: 3)], Now);
        Assert.Equal(1, stats.Recency);
        Assert.Equal(1, stats.Frequency);
        Assert.Equal(1, stats.Monetary);
        Assert.Equal(111, stats.Overall);
        Assert.Equal(2, stats.NumberOfPurchases);
        Assert.Equal("3,7", stats.Stores);
    }
}
