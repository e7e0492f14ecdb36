using Tessera.Domain.Campaigns;

namespace Tessera.Domain.Tests.Campaigns;

public sealed class BirthdayCalendarTests
{
    [Fact]
    public void A_birthday_pays_days_before_it() =>
        Assert.Equal(new DateOnly(2026, 3, 3), BirthdayCalendar.PayDay(2026, 3, 10, 7));

    [Fact]
    public void The_29th_of_February_falls_on_the_28th_outside_leap_years()
    {
        Assert.Equal(new DateOnly(2027, 2, 28), BirthdayCalendar.BirthdayIn(2027, 2, 29));
        Assert.Equal(new DateOnly(2028, 2, 29), BirthdayCalendar.BirthdayIn(2028, 2, 29));
        Assert.Equal([(2, 28, 2027), (2, 29, 2027)], BirthdayCalendar.BirthdaysPaidOn(new DateOnly(2027, 2, 28), 0));
        Assert.Equal([(2, 28, 2028)], BirthdayCalendar.BirthdaysPaidOn(new DateOnly(2028, 2, 28), 0));
        Assert.Equal([(2, 29, 2028)], BirthdayCalendar.BirthdaysPaidOn(new DateOnly(2028, 2, 29), 0));
    }

    [Fact]
    public void A_birthday_early_in_january_is_paid_in_december_for_the_next_year() =>
        Assert.Equal([(1, 3, 2027)], BirthdayCalendar.BirthdaysPaidOn(new DateOnly(2026, 12, 27), 7));

    [Fact]
    public void A_span_names_every_birthday_paid_in_it_once()
    {
        var paid = BirthdayCalendar.BirthdaysPaidBetween(new DateOnly(2026, 12, 30), new DateOnly(2027, 1, 2), 2);
        Assert.Equal(new Dictionary<int, int> { [101] = 2027, [102] = 2027, [103] = 2027, [104] = 2027 }, paid);
        Assert.Throws<ArgumentOutOfRangeException>(() => BirthdayCalendar.BirthdaysPaidBetween(new DateOnly(2026, 1, 1), new DateOnly(2027, 1, 1), 0));
    }
}
