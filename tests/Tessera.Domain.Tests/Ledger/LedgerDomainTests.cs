using Tessera.Domain.Ledger;

namespace Tessera.Domain.Tests.Ledger;

public sealed class LedgerDomainTests
{
    [Theory]
    [InlineData("5.25", 525)]
    [InlineData("-9", -900)]
    [InlineData("0.1", 10)]
    [InlineData("200.00", 20000)]
    public void Amounts_with_at_most_two_decimals_are_exact_hundredths(string text, long cents)
    {
        Assert.True(Cents.TryParse(text, out var parsed));
        Assert.Equal(cents, parsed);
    }

    [Theory]
    [InlineData("5.255")]
    [InlineData("5,25")]
    [InlineData("five")]
    [InlineData("")]
    [InlineData("1e3")]
    public void Other_amounts_are_refused(string text) => Assert.False(Cents.TryParse(text, out _));

    [Fact]
    public void Cents_format_with_two_decimals() => Assert.Equal("-9.00", Cents.Format(-900));

    [Theory]
    [InlineData("2.345", "round_down", 2, 234)]
    [InlineData("-2.345", "round_down", 2, -234)]
    [InlineData("2.341", "round_up", 2, 235)]
    [InlineData("-2.341", "round_up", 2, -235)]
    [InlineData("2.345", "neutral", 2, 235)]
    [InlineData("2.344", "neutral", 2, 234)]
    [InlineData("-2.345", "neutral", 2, -235)]
    [InlineData("2.345", "bankers", 2, 234)]
    [InlineData("2.355", "bankers", 2, 236)]
    [InlineData("7.5", "round_down", 0, 700)]
    [InlineData("7.5", "neutral", 0, 800)]
    [InlineData("7.01", "round_up", 0, 800)]
    [InlineData("7.25", "neutral", 1, 730)]
    [InlineData("3", "round_up", 2, 300)]
    public void Each_strategy_rounds_to_the_wallets_precision(string amount, string strategy, int precision, long cents) =>
        Assert.Equal(cents, Rounding.ToCents(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), strategy, precision));

    [Fact]
    public void Unknown_strategies_and_precisions_are_refused()
    {
        Assert.False(Rounding.IsStrategy("round_sideways"));
        Assert.Throws<ArgumentOutOfRangeException>(() => Rounding.ToCents(1m, Rounding.Neutral, 3));
    }

    [Theory]
    [InlineData(1000, -1000, false, true)]
    [InlineData(1000, -1001, false, false)]
    [InlineData(1000, -1001, true, true)]
    [InlineData(-500, 100, false, true)]
    public void Debits_may_go_below_zero_only_when_the_wallet_allows(long balance, long delta, bool subzero, bool allowed) =>
        Assert.Equal(allowed, LedgerRules.MayApply(balance, delta, subzero));

    [Theory]
    [InlineData(0, 20000, 20000, true)]
    [InlineData(15000, 5001, 20000, false)]
    [InlineData(20000, -5000, 20000, true)]
    public void Additions_count_towards_the_daily_maximum(long today, long delta, long maximum, bool allowed) =>
        Assert.Equal(allowed, LedgerRules.WithinDailyMaximum(today, delta, maximum));
}
