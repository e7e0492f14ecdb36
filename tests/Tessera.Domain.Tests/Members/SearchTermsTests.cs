using Tessera.Domain.Members;

namespace Tessera.Domain.Tests.Members;

public sealed class SearchTermsTests
{
    [Fact]
    public void A_member_is_found_by_name_words_username_local_part_and_member_number()
    {
        var terms = SearchTerms.For("Anna Maria", "van der Berg", "Anna.Berg@Example.com", "M-100002");
        Assert.Equal(
            new[] { "anna maria", "anna", "maria", "van der berg", "van", "der", "berg", "anna.berg@example.com", "anna.berg", "m-100002" }.Order(),
            terms.Order());
    }

    [Fact]
    public void Missing_fields_give_no_terms()
    {
        Assert.Empty(SearchTerms.For(null, " ", null, ""));
    }

    [Fact]
    public void Query_words_are_lower_cased_distinct_and_at_most_five()
    {
        Assert.Equal(["smith", "john"], SearchTerms.QueryWords("  Smith JOHN smith "));
        Assert.Equal(5, SearchTerms.QueryWords("a b c d e f g").Count);
        Assert.Empty(SearchTerms.QueryWords("   "));
    }

    [Fact]
    public void Prefix_end_bounds_every_term_that_starts_with_the_prefix()
    {
        var end = SearchTerms.PrefixEnd("smi");
        Assert.True(string.CompareOrdinal("smith", end) < 0);
        Assert.True(string.CompareOrdinal("smj", end) > 0);
    }
}
