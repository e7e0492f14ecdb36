using System.Text.Json.Nodes;

namespace Tessera.Server.Protocol;

/// <summary>One row of the spec's error and warning catalogue.</summary>
public sealed record ApiError(int Code, string Name, string Description, int HttpStatus)
{
    public ApiFailure With(string message) => new(this, JsonValue.Create(message));

    public ApiFailure With(JsonNode message) => new(this, message);
}

/// <summary>An expected failure of a request: a catalogue error plus optional detail for the client.</summary>
public sealed record ApiFailure(ApiError Error, JsonNode? Message = null)
{
    public static implicit operator ApiFailure(ApiError error) => new(error);
}

/// <summary>A warning returned beside the results of a successful call (spec: "Warnings").</summary>
public sealed record ApiWarning(ApiError Error, JsonNode? Message = null);

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
