using System.Text.Json.Nodes;

namespace Tessera.Server.Protocol;

/// <summary>An expected failure of a request: a catalogue error plus optional detail for the client.</summary>
public sealed record ApiFailure(ApiError Error, JsonNode? Message = null)
{
    public static implicit operator ApiFailure(ApiError error) => new(error);

    /// <summary>One line for people (the CLI, reports): the code, the name and the message as text.</summary>
    public string Describe() =>
        $"{Error.Code} {Error.Name}: " + (Message switch
        {
            null => Error.Description,
            JsonValue value when value.TryGetValue<string>(out var text) => text,
            _ => Message.ToJsonString(),
        });
}
