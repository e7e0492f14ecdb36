namespace Tessera.Server.Protocol;

public static class OutcomeResults
{
    /// <summary>The envelope of an outcome: results named <paramref name="resultType"/>, or the error.</summary>
    public static IResult ToResult<T>(this Outcome<T> outcome, string resultType) =>
        outcome.Failure is { } failure ? Spaaza.Error(failure) : Spaaza.Ok(resultType, outcome.Value!);
}
