using System.Text.Json.Nodes;

namespace Tessera.Server.Protocol;

/// <summary>An expected failure of a request: a catalogue error plus optional detail for the client.</summary>
public sealed record ApiFailure(ApiError Error, JsonNode? Message = null)
{
    public static implicit operator ApiFailure(ApiError error) => new(error);
}
