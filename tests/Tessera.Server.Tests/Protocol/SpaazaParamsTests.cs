using Tessera.Server.Protocol;

namespace Tessera.Server.Tests.Protocol;

/// <summary>The parameter reader on its own: every endpoint's validation codes come from here.</summary>
public sealed class SpaazaParamsTests
{
    private static SpaazaParams Of(params (string Name, string Value)[] values) =>
        SpaazaParams.From(values.Select(v => new KeyValuePair<string, string>(v.Name, v.Value)));

    [Theory]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData("1", true)]
    [InlineData("yes", true)]
    [InlineData("false", false)]
    [InlineData("0", false)]
    [InlineData("No", false)]
    public void Booleans_are_read_in_their_usual_spellings(string text, bool expected)
    {
        var p = Of(("flag", text));
        Assert.Equal(expected, p.Bool("flag"));
        Assert.Null(p.Failure);
    }

    [Fact]
    public void A_non_boolean_flag_is_316()
    {
        var p = Of(("flag", "maybe"));
        Assert.Null(p.Bool("flag"));
        Assert.Same(ErrorCodes.ParameterSuppliedNotBoolean, p.Failure!.Error);
    }

    [Fact]
    public void A_non_integer_id_is_the_given_invalid_code_and_a_missing_one_the_not_present_code()
    {
        var p = Of(("user_id", "12a"));
        p.Int("user_id", ErrorCodes.UserIdInvalid);
        Assert.Same(ErrorCodes.UserIdInvalid, p.Failure!.Error);

        var q = Of();
        q.RequiredInt("user_id", ErrorCodes.UserIdNotPresent, ErrorCodes.UserIdInvalid);
        Assert.Same(ErrorCodes.UserIdNotPresent, q.Failure!.Error);
    }

    [Fact]
    public void The_first_failure_is_kept()
    {
        var p = Of(("a", "x"), ("b", "y"));
        p.Int("a", ErrorCodes.UserIdInvalid);
        p.Int("b", ErrorCodes.BusinessIdInvalid);
        p.Required("c");
        Assert.Same(ErrorCodes.UserIdInvalid, p.Failure!.Error);
    }

    [Fact]
    public void Missing_and_blank_required_parameters_are_3_and_empty_values_are_kept_apart_from_missing_ones()
    {
        var p = Of(("blank", "  "), ("empty", ""));
        p.Required("blank");
        Assert.Same(ErrorCodes.HttpVarsMissing, p.Failure!.Error);
        Assert.Equal("", p.Text("empty"));
        Assert.Null(p.Text("absent"));
        Assert.True(p.Has("empty"));
        Assert.False(p.HasValue("empty"));
    }

    [Fact]
    public void Overlong_text_fails_with_the_given_code()
    {
        var p = Of(("name", new string('x', 11)));
        Assert.Equal(11, p.Text("name", 10, ErrorCodes.StringParameterTooLong)!.Length);
        Assert.Same(ErrorCodes.StringParameterTooLong, p.Failure!.Error);
    }
}
