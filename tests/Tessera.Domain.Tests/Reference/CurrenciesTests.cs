using Tessera.Domain.Reference;

namespace Tessera.Domain.Tests.Reference;

public sealed class CurrenciesTests
{
    [Theory]
    [InlineData(2, "EUR")]
    [InlineData(3, "GBP")]
    [InlineData(4, "USD")]
    public void The_spec_ids_name_the_common_currencies(int id, string code)
    {
        Assert.Equal(code, Currencies.FindById(id)!.Code);
        Assert.Equal(id, Currencies.FindByCode(code)!.Id);
    }

    [Fact]
    public void Codes_are_found_in_any_case_and_unknown_ones_are_not()
    {
        Assert.Equal("GBP", Currencies.FindByCode(" gbp ")!.Code);
        Assert.Null(Currencies.FindByCode("XYZ"));
        Assert.Null(Currencies.FindByCode(null));
    }

    [Fact]
    public void Ids_and_codes_are_unique_and_codes_are_three_capitals()
    {
        Assert.Equal(Currencies.All.Count, Currencies.All.Select(c => c.Id).Distinct().Count());
        Assert.Equal(Currencies.All.Count, Currencies.All.Select(c => c.Code).Distinct().Count());
        Assert.All(Currencies.All, c => Assert.Matches("^[A-Z]{3}$", c.Code));
        Assert.All(Currencies.All, c => Assert.InRange(c.MinorUnits, 0, 3));
    }

    [Fact]
    public void Currencies_without_minor_units_say_so()
    {
        Assert.Equal(0, Currencies.FindByCode("JPY")!.MinorUnits);
        Assert.Equal(2, Currencies.FindByCode("EUR")!.MinorUnits);
    }
}
