using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Tessera.Server.Protocol;

/// <summary>The Spaaza response envelope (spec: "Response Format"), written in one place for every endpoint.</summary>
public static class Spaaza
{
    public const string ApiVersionHeader = ApiVersion.Header;

    public static IResult Ok<T>(string resultType, T results, IReadOnlyList<ApiWarning>? warnings = null) =>
        new OkResult<T>(resultType, results, warnings);

    /// <summary>
    /// An answer whose results object is already serialised (<paramref name="resultsJson"/>, a UTF-8 JSON object
    /// without <c>result_type</c>, e.g. a stored basket answer): written as it is, not serialised again.
    /// </summary>
    public static IResult OkJson(string resultType, byte[] resultsJson, IReadOnlyList<ApiWarning>? warnings = null) =>
        new OkJsonResult(resultType, resultsJson, warnings);

    public static IResult Error(ApiFailure failure) => new ErrorResult(failure);

    public static IResult Error(ApiError error) => new ErrorResult(new ApiFailure(error));

    /// <summary>
    /// The error envelope (spec L277-295). From 1.4.0 the single <c>error</c> object; below 1.4.0 the legacy
    /// <c>errors</c> object that older Spaaza clients parse, keyed by the code
    /// (<c>{"5": {"name", "description", "extrainfo"}}</c>); without a version header both, so either kind of
    /// client finds its own.
    /// </summary>
    public static async Task WriteErrorAsync(HttpContext context, ApiFailure failure)
    {
        context.Response.StatusCode = failure.Error.AnsweredStatus;
        context.Response.ContentType = "application/json; charset=utf-8";
        var version = ApiVersion.Of(context.Request);
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter, SpaazaJson.WriterOptions);
        writer.WriteStartObject();
        WriteResult(writer, 2, "error");
        if (ApiVersions.Current(version, VersionedAnswer.ErrorObject))
        {
            writer.WritePropertyName("error");
            WriteError(writer, failure.Error, failure.Message);
        }
        if (version is null || ApiVersions.Legacy(version, VersionedAnswer.ErrorObject))
        {
            writer.WritePropertyName("errors");
            WriteLegacyErrors(writer, failure.Error, failure.Message);
        }
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }

    /// <summary>
    /// <c>{"&lt;code&gt;": {"name", "description", "extrainfo"}}</c>; <c>extrainfo</c> only when the failure says more:
    /// a text message as <c>{"msg": text}</c>, an object message (e.g. <c>correlation_id</c>) as it is.
    /// </summary>
    private static void WriteLegacyErrors(Utf8JsonWriter writer, ApiError error, JsonNode? message)
    {
        writer.WriteStartObject();
        Span<char> code = stackalloc char[11];
        error.Code.TryFormat(code, out var length, provider: System.Globalization.CultureInfo.InvariantCulture);
        writer.WriteStartObject(code[..length]);
        writer.WriteString("name", error.Name);
        writer.WriteString("description", error.Description);
        if (message is JsonObject details)
        {
            writer.WritePropertyName("extrainfo");
            details.WriteTo(writer);
        }
        else if (message is not null)
        {
            WriteExtraInfo(writer, message);
        }
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary><c>"extrainfo": {"msg": …}</c> of a legacy error (warnings write their explanation the same way in <see cref="WriteError"/>).</summary>
    private static void WriteExtraInfo(Utf8JsonWriter writer, JsonNode msg)
    {
        writer.WriteStartObject("extrainfo");
        writer.WritePropertyName("msg");
        msg.WriteTo(writer);
        writer.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter writer, int code, string status)
    {
        writer.WriteStartObject("result");
        writer.WriteNumber("code", code);
        writer.WriteString("status", status);
        writer.WriteEndObject();
    }

    private static void WriteError(Utf8JsonWriter writer, ApiError error, JsonNode? message, string? explanation = null)
    {
        writer.WriteStartObject();
        writer.WriteNumber("code", error.Code);
        writer.WriteString("name", error.Name);
        writer.WriteString("description", error.Description);
        if (message is not null)
        {
            writer.WritePropertyName("message");
            message.WriteTo(writer);
        }
        if (explanation is not null)
        {
            writer.WriteStartObject("extrainfo");
            writer.WriteString("msg", explanation);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    /// <summary>The envelope up to its results: status 200, the result and any warnings.</summary>
    private static Utf8JsonWriter StartOk(HttpContext httpContext, IReadOnlyList<ApiWarning>? warnings)
    {
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        var writer = new Utf8JsonWriter(httpContext.Response.BodyWriter, SpaazaJson.WriterOptions);
        writer.WriteStartObject();
        WriteResult(writer, 1, "ok");
        if (warnings is { Count: > 0 })
        {
            writer.WriteStartArray("warnings");
            foreach (var warning in warnings)
            {
                WriteError(writer, warning.Error, warning.Message, warning.Explanation);
            }
            writer.WriteEndArray();
        }
        return writer;
    }

    private sealed class OkJsonResult(string resultType, byte[] resultsJson, IReadOnlyList<ApiWarning>? warnings) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var json = resultsJson.AsSpan().TrimEnd(" \t\r\n"u8);
            if (json.Length < 2 || json[0] != (byte)'{' || json[^1] != (byte)'}')
            {
                throw new InvalidOperationException("The results of an answer are a JSON object.");
            }
            // The object with "result_type" added as its last member, as every other answer has it: assembled in a
            // pooled buffer (no copy of the answer stays behind).
            var inner = json[1..^1].Trim(" \t\r\n"u8);
            var type = JsonEncodedText.Encode(resultType).EncodedUtf8Bytes;
            var results = System.Buffers.ArrayPool<byte>.Shared.Rent(inner.Length + type.Length + 20);
            try
            {
                var length = Assemble(results, inner, type);
                await using var writer = StartOk(httpContext, warnings);
                writer.WritePropertyName("results");
                writer.WriteRawValue(results.AsSpan(0, length), skipInputValidation: true);
                writer.WriteEndObject();
                await writer.FlushAsync(httpContext.RequestAborted);
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(results);
            }
        }

        /// <summary>Writes <c>{inner,"result_type":"type"}</c> into <paramref name="to"/>; its length.</summary>
        private static int Assemble(Span<byte> to, ReadOnlySpan<byte> inner, ReadOnlySpan<byte> type)
        {
            var at = 0;
            to[at++] = (byte)'{';
            inner.CopyTo(to[at..]);
            at += inner.Length;
            if (!inner.IsEmpty)
            {
                to[at++] = (byte)',';
            }
            var key = "\"result_type\":\""u8;
            key.CopyTo(to[at..]);
            at += key.Length;
            type.CopyTo(to[at..]);
            at += type.Length;
            "\"}"u8.CopyTo(to[at..]);
            return at + 2;
        }
    }

    private sealed class OkResult<T>(string resultType, T results, IReadOnlyList<ApiWarning>? warnings) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var typeInfo = (JsonTypeInfo<T>)SpaazaJson.Options.GetTypeInfo(typeof(T));
            await using var writer = StartOk(httpContext, warnings);
            writer.WriteStartObject("results");
            // The results object is the endpoint's own shape plus "result_type" naming the call.
            if (results is JsonObject node)
            {
                foreach (var (name, value) in node)
                {
                    writer.WritePropertyName(name);
                    if (value is null)
                    {
                        writer.WriteNullValue();
                    }
                    else
                    {
                        value.WriteTo(writer);
                    }
                }
            }
            else
            {
                using var element = JsonSerializer.SerializeToDocument(results, typeInfo);
                foreach (var property in element.RootElement.EnumerateObject())
                {
                    property.WriteTo(writer);
                }
            }
            writer.WriteString("result_type", resultType);
            writer.WriteEndObject();
            writer.WriteEndObject();
            await writer.FlushAsync(httpContext.RequestAborted);
        }
    }

    private sealed class ErrorResult(ApiFailure failure) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => WriteErrorAsync(httpContext, failure);
    }
}
