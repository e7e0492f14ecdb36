using Tessera.Domain.Pricing;

namespace Tessera.Domain.Tests.Pricing;

public sealed class QuantitiesTests
{
    [Theory]
    [InlineData(299, "10.5", 3140)] // 3139.5 → half away from zero
    [InlineData(299, "3", 897)]
    [InlineData(-299, "10.5", -3140)]
    [InlineData(1, "0.5", 1)]
    [InlineData(1, "0.499", 0)]
    [InlineData(777, "1.007", 782)]
    public void Cents_of_a_quantity_round_half_away_from_zero(long perUnit, string quantity, long expected) =>
        Assert.Equal(expected, Quantities.Cents(perUnit, decimal.Parse(quantity, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Precision_is_at_most_three_decimals_trailing_zeros_aside()
    {
        Assert.True(Quantities.HasValidPrecision(10.5m));
        Assert.True(Quantities.HasValidPrecision(1.2340m));
        Assert.False(Quantities.HasValidPrecision(1.2345m));
        Assert.Equal("3", Quantities.Normalize(3.000m).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("10.5", Quantities.Normalize(10.50m).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Thousandths_round_trip_exactly()
    {
        Assert.Equal(10500, Quantities.ToThousandths(10.5m));
        Assert.Equal(2.25m, Quantities.FromThousandths(2250));
        Assert.Equal("3", Quantities.FromThousandths(3000).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Per_unit_amounts_truncate_as_whole_division_did()
    {
        Assert.Equal(66, Quantities.PerUnit(200, 3));
        Assert.Equal(95, Quantities.PerUnit(1000, 10.5m));
        Assert.Equal(500, Quantities.PerUnit(500, 0));
    }

    [Fact]
    public void Fractional_returns_in_any_batches_give_back_exactly_the_whole()
    {
        // 314 cents over 10.5 units returned as 2.25, 0.001, 8.249.
        var parts = new[] { Shares.ForUnits(314, 10.5m, 0, 2.25m), Shares.ForUnits(314, 10.5m, 2.25m, 2.251m), Shares.ForUnits(314, 10.5m, 2.251m, 10.5m) };
        Assert.Equal(67, parts[0]);
        Assert.Equal(314, parts.Sum());
    }
}
