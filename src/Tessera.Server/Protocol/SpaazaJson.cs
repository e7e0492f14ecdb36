using System.Text.Json;

namespace Tessera.Server.Protocol;

/// <summary>System.Text.Json in snake_case with source generation; nulls are written, as in the spec samples.</summary>
public static class SpaazaJson
{
    public static JsonSerializerOptions Options { get; } = SpaazaJsonContext.Default.Options;
}
