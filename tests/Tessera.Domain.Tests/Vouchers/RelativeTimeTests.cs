using Tessera.Domain.Vouchers;

namespace Tessera.Domain.Tests.Vouchers;

public sealed class RelativeTimeTests
{
    private static readonly DateTime Now = new(2026, 3, 31, 12, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("7 days", "2026-04-07T12:00:00")]
    [InlineData("+6 days", "2026-04-06T12:00:00")]
    [InlineData("-13 weeks", "2025-12-30T12:00:00")]
    [InlineData("3 weeks", "2026-04-21T12:00:00")]
    [InlineData("-6 months 5 days -2 minutes", "2025-10-05T11:58:00")]
    [InlineData("+6 months -5 days +2 minutes", "2026-09-25T12:02:00")]
    [InlineData("1 month", "2026-04-30T12:00:00")]
    [InlineData("-2 hours", "2026-03-31T10:00:00")]
    public void Expressions_of_the_spec_move_from_now(string expression, string expected) =>
        Assert.Equal(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), RelativeTime.Apply(expression, Now));

    [Theory]
    [InlineData("yesterday")]
    [InlineData("7")]
    [InlineData("7 fortnights")]
    [InlineData("7 days and more")]
    [InlineData("")]
    public void Anything_else_is_refused(string expression) => Assert.Null(RelativeTime.Apply(expression, Now));
}
