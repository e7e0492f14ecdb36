using Tessera.Domain.Members;

namespace Tessera.Domain.Tests.Members;

public sealed class MemberFieldsTests
{
    [Theory]
    [InlineData("1983-07-27", "1983-07-27T00:00:00")]
    [InlineData("1983-07-27T00:00:00+00:00", "1983-07-27T00:00:00")]
    [InlineData("1983-07-27T00:00:00Z", "1983-07-27T00:00:00")]
    [InlineData("1983-07-27T01:30:00+02:00", "1983-07-26T23:30:00")]
    [InlineData("1983-07-27T22:00:00-03:00", "1983-07-28T01:00:00")]
    public void Birthdays_are_dates_or_iso_8601_extended_converted_to_utc(string text, string expected)
    {
        var parsed = MemberFields.ParseBirthday(text);
        Assert.Equal(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), parsed);
        Assert.Equal(DateTimeKind.Utc, parsed!.Value.Kind);
    }

    [Theory]
    [InlineData("27-07-1983")]
    [InlineData("1983-13-01")]
    [InlineData("1983-07-27T00:00:00")]
    [InlineData("yesterday")]
    public void Other_birthday_formats_are_refused(string text) => Assert.Null(MemberFields.ParseBirthday(text));

    [Theory]
    [InlineData("m", "M")]
    [InlineData("F", "F")]
    [InlineData("x", null)]
    [InlineData("male", null)]
    public void Gender_is_m_or_f_in_any_case(string text, string? expected) => Assert.Equal(expected, MemberFields.NormaliseGender(text));

    [Theory]
    [InlineData("nl", true)]
    [InlineData("nl-BE", true)]
    [InlineData("en-GB", true)]
    [InlineData("zh-Hant-TW", true)]
    [InlineData("english", false)]
    [InlineData("en_GB", false)]
    [InlineData("e", false)]
    public void Languages_are_bcp_47_tags(string text, bool valid) => Assert.Equal(valid, MemberFields.IsLanguageTag(text));

    [Fact]
    public void The_language_code_is_the_primary_subtag() => Assert.Equal("nl", MemberFields.LanguageCode("nl-BE"));

    [Theory]
    [InlineData("foo@bar.com", true)]
    [InlineData("a.b+c@mail.example.co.uk", true)]
    [InlineData("foo@bar", false)]
    [InlineData("foo bar@baz.com", false)]
    [InlineData("foo", false)]
    [InlineData("Foo <foo@bar.com>", false)]
    public void Usernames_are_email_addresses(string text, bool valid) => Assert.Equal(valid, MemberFields.IsEmail(text));
}
