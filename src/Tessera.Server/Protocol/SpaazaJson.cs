using System.Text.Encodings.Web;
using System.Text.Json;

namespace Tessera.Server.Protocol;

/// <summary>
/// System.Text.Json in snake_case with source generation; nulls are written, as in the spec samples. Text is written
/// as characters (<c>€</c>, <c>ü</c>, <c>+</c>, <c>&amp;</c>, <c>&lt;</c>), as Spaaza answers it, not as <c>\u20AC</c>:
/// every answer is <c>application/json</c> with <c>X-Content-Type-Options: nosniff</c>, never HTML, so the
/// HTML-safe escaping of the default encoder protects nothing here (docs/spec-choices.md, "JSON text").
/// Quotes, backslashes and control characters are still escaped, as JSON requires.
/// </summary>
public static class SpaazaJson
{
    public static JavaScriptEncoder Encoder => JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>For every hand-driven <see cref="Utf8JsonWriter"/> of an answer or an event body.</summary>
    public static JsonWriterOptions WriterOptions { get; } = new() { Encoder = Encoder };

    public static JsonSerializerOptions Options => SpaazaJsonContext.Plain.Options;
}
