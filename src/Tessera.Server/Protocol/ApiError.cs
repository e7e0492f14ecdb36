using System.Text.Json.Nodes;

namespace Tessera.Server.Protocol;

/// <summary>One row of the spec's error and warning catalogue.</summary>
public sealed record ApiError(int Code, string Name, string Description, int HttpStatus)
{
    public ApiFailure With(string message) => new(this, JsonValue.Create(message));

    public ApiFailure With(JsonNode message) => new(this, message);
}
