using Tessera.Domain.Campaigns;

namespace Tessera.Domain.Tests.Campaigns;

public sealed class LocalisationTests
{
    private const string Sample = """{"title":{"en":{"default":"Big Chain Hit The Target Campaign","en-UK":"Big Chain Hit The Target Campaign UK","en-US":"Big Chain Hit The Target Campaign US"},"nl":{"default":"Big Chain Bereiken Campagne","nl-NL":"Big Chain Bereiken Campagne NL","nl-BE":"Big Chain Bereiken Campagne BE"}}}""";

    [Theory]
    [InlineData("nl-NL", "Big Chain Bereiken Campagne NL")]
    [InlineData("nl-be", "Big Chain Bereiken Campagne BE")]
    [InlineData("nl", "Big Chain Bereiken Campagne")]
    [InlineData("nl-SR", "Big Chain Bereiken Campagne")]
    [InlineData("de-DE, en-US;q=0.8", "Big Chain Hit The Target Campaign US")]
    [InlineData("en;q=0.5, nl-BE;q=0.9", "Big Chain Bereiken Campagne BE")]
    public void The_best_match_wins_then_the_language_default(string acceptLanguage, string expected) =>
        Assert.Equal(expected, Localisation.Pick(Sample, acceptLanguage)["title"]);

    [Theory]
    [InlineData("de-DE")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("nl;q=0")]
    public void Without_a_matching_language_nothing_is_localised(string? acceptLanguage) =>
        Assert.Empty(Localisation.Pick(Sample, acceptLanguage));

    [Fact]
    public void Malformed_localisations_give_nothing() => Assert.Empty(Localisation.Pick("{not json", "nl"));

    [Fact]
    public void Preferences_are_ordered_by_quality_then_position() =>
        Assert.Equal(["fr", "nl-BE", "en"], Localisation.Preferences("nl-BE;q=0.9, fr, en;q=0.2, *;q=0.1"));
}
