using Tessera.Domain.Reference;

namespace Tessera.Domain.Tests.Reference;

public sealed class CountryCodesTests
{
    [Fact]
    public void All_249_officially_assigned_codes_are_known()
    {
        Assert.Equal(249, CountryCodes.Count);
    }

    [Theory]
    [InlineData("NL")]
    [InlineData("nl")]
    [InlineData("GB")]
    [InlineData("ZA")]
    public void Assigned_codes_are_valid_in_any_case(string code) => Assert.True(CountryCodes.IsValid(code));

    [Theory]
    [InlineData("UK")]
    [InlineData("XX")]
    [InlineData("NLD")]
    [InlineData("N")]
    [InlineData("")]
    [InlineData(null)]
    public void Other_strings_are_not_country_codes(string? code) => Assert.False(CountryCodes.IsValid(code));
}
