using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Tessera.Server.Protocol;

/// <summary>The Spaaza response envelope (spec: "Response Format"), written in one place for every endpoint.</summary>
public static class Spaaza
{
    public const string ApiVersionHeader = "X-Spaaza-API-version";

    private static readonly Version ErrorObjectSince = new(1, 4, 0);

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

    /// <summary>Clients below 1.4.0 get the key <c>errors</c> (spec: versioning, 1.4.0); no header means the current version.</summary>
    public static bool UsesLegacyErrorKey(HttpRequest request)
    {
        var header = request.Headers[ApiVersionHeader].ToString();
        return header.Length > 0 && Version.TryParse(header.Trim(), out var version) && Normalise(version) < ErrorObjectSince;
    }

    private static Version Normalise(Version v) => new(v.Major, v.Minor, Math.Max(v.Build, 0));

    public static async Task WriteErrorAsync(HttpContext context, ApiFailure failure)
    {
        context.Response.StatusCode = failure.Error.HttpStatus;
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        writer.WriteStartObject();
        WriteResult(writer, 2, "error");
        writer.WritePropertyName(UsesLegacyErrorKey(context.Request) ? "errors" : "error");
        WriteError(writer, failure.Error, failure.Message);
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }

    private static void WriteResult(Utf8JsonWriter writer, int code, string status)
    {
        writer.WriteStartObject("result");
        writer.WriteNumber("code", code);
        writer.WriteString("status", status);
        writer.WriteEndObject();
    }

    private static void WriteError(Utf8JsonWriter writer, ApiError error, System.Text.Json.Nodes.JsonNode? message)
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
        writer.WriteEndObject();
    }

    /// <summary>The envelope up to its results: status 200, the result and any warnings.</summary>
    private static Utf8JsonWriter StartOk(HttpContext httpContext, IReadOnlyList<ApiWarning>? warnings)
    {
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        var writer = new Utf8JsonWriter(httpContext.Response.BodyWriter);
        writer.WriteStartObject();
        WriteResult(writer, 1, "ok");
        if (warnings is { Count: > 0 })
        {
            writer.WriteStartArray("warnings");
            foreach (var warning in warnings)
            {
                WriteError(writer, warning.Error, warning.Message);
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
            if (results is System.Text.Json.Nodes.JsonObject node)
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
