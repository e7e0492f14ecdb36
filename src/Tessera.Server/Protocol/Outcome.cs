namespace Tessera.Server.Protocol;

/// <summary>The value of an operation or the failure that stopped it; failures are values, not exceptions.</summary>
public readonly struct Outcome<T>
{
    private Outcome(T? value, ApiFailure? failure)
    {
        Value = value;
        Failure = failure;
    }

    public T? Value { get; }

    public ApiFailure? Failure { get; }

    public bool Succeeded => Failure is null;

    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(ApiFailure failure) => new(default, failure);

    public static implicit operator Outcome<T>(ApiError error) => new(default, new ApiFailure(error));
}
