using System.Text.Json.Serialization;

namespace Tessera.Server.Features.Import;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ImportReport))]
internal sealed partial class ImportJson : JsonSerializerContext;
