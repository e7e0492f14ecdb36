using System.Text.Json.Nodes;

namespace Tessera.Server.Protocol;

/// <summary>A warning returned beside the results of a successful call (spec: "Warnings").</summary>
public sealed record ApiWarning(ApiError Error, JsonNode? Message = null);
