using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Tessera.Server.Protocol;

namespace Tessera.Server.Cli;

/// <summary>What a command did: the output to print (JSON with <c>--json</c>, a table otherwise), or a one-line refusal.</summary>
public sealed record CliAnswer(JsonNode? Output, string? Refusal)
{
    public static CliAnswer Ok(JsonNode output) => new(output, null);

    public static CliAnswer Refuse(string why) => new(null, why);

    /// <summary>The value as JSON, or the failure as a refusal.</summary>
    public static CliAnswer From<T>(Outcome<T> outcome, JsonTypeInfo<T> type) =>
        outcome.Failure is { } failure ? Refuse(failure) : Ok(JsonSerializer.SerializeToNode(outcome.Value!, type)!);

    /// <summary>A refusal of the administration service, as its catalogue code, name and message.</summary>
    public static CliAnswer Refuse(ApiFailure failure) => new(null, failure.Describe());
}
