namespace Tessera.Domain.Campaigns;

/// <summary>
/// When a birthday campaign pays: on the member's birthday minus the campaign's <c>days_before</c>, in the chain's
/// time zone, once per birthday. A birthday on 29 February falls on 28 February in a year without one.
/// </summary>
public static class BirthdayCalendar
{
    /// <summary>A birthday as it falls in <paramref name="year"/> (29 February becomes 28 February outside leap years).</summary>
    public static DateOnly BirthdayIn(int year, int month, int day) =>
        month == 2 && day == 29 && !DateTime.IsLeapYear(year) ? new DateOnly(year, 2, 28) : new DateOnly(year, month, day);

    /// <summary>The day the campaign pays for the birthday of <paramref name="year"/>.</summary>
    public static DateOnly PayDay(int year, int month, int day, int daysBefore) =>
        BirthdayIn(year, month, day).AddDays(-daysBefore);

    /// <summary>
    /// The birthdays paid on <paramref name="payDay"/>: the month and day of birth and the year whose birthday it is
    /// (the key that makes it once a year). Two on 28 February of a year without a 29th, else one.
    /// </summary>
    public static IReadOnlyList<(int Month, int Day, int Year)> BirthdaysPaidOn(DateOnly payDay, int daysBefore)
    {
        var birthday = payDay.AddDays(daysBefore);
        return birthday is { Month: 2, Day: 28 } && !DateTime.IsLeapYear(birthday.Year)
            ? [(2, 28, birthday.Year), (2, 29, birthday.Year)]
            : [(birthday.Month, birthday.Day, birthday.Year)];
    }

    /// <summary>
    /// The birthdays paid on the days from <paramref name="first"/> to <paramref name="last"/> (both included), keyed by
    /// month × 100 + day. A span shorter than a year names each month and day once.
    /// </summary>
    public static IReadOnlyDictionary<int, int> BirthdaysPaidBetween(DateOnly first, DateOnly last, int daysBefore)
    {
        if (last.DayNumber - first.DayNumber >= 365)
        {
            throw new ArgumentOutOfRangeException(nameof(first), "A span of a year or more would name a birthday twice.");
        }
        var years = new Dictionary<int, int>();
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            foreach (var (month, dayOfMonth, year) in BirthdaysPaidOn(day, daysBefore))
            {
                years[(month * 100) + dayOfMonth] = year;
            }
        }
        return years;
    }
}
