using System.Globalization;
using System.Text.Json;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Tessera.Domain.Ledger;

namespace Tessera.Server.Protocol;

/// <summary>
/// The JSON body of a call, as <see cref="SpaazaParams"/> is its form: reads the body, and offers typed readers of
/// its fields that validate as they go and remember the first failure, so a parser reads everything it needs and
/// then checks <see cref="Failure"/> once. A property sent as JSON null and an absent one are alike (null).
/// </summary>
public sealed class JsonBody
{
    /// <summary>spec 229 json_post_expected: what a body that is not a JSON object is told.</summary>
    public const string NotAJsonObject = "the body must be a JSON object (Content-Type: application/json)";

    public ApiFailure? Failure { get; private set; }

    /// <summary>Records a failure unless an earlier one is already recorded.</summary>
    public void Fail(ApiError error, string message) => Failure ??= new ApiFailure(error, message);

    /// <summary>
    /// The body as a <see cref="JsonDocument"/> (pooled memory, no tree of nodes; the caller disposes it). A body
    /// that is not JSON (229 json_post_expected), nests deeper than <see cref="InputLimits.MaxJsonDepth"/>, repeats
    /// a property of one object, is not UTF-8, or holds a string with a control character, a lone surrogate or more
    /// than <see cref="InputLimits.MaxValueLength"/> characters (419 / 417) throws <see cref="BadInputException"/>.
    /// </summary>
    public static async Task<JsonDocument> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var limits = InputGuard.Limits(request.HttpContext);
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, Options(limits), cancellationToken);
        }
        catch (JsonException e)
        {
            throw new BadInputException(ErrorCodes.JsonPostExpected.With("the body is not valid JSON: " + e.Message));
        }
        try
        {
            CheckText(document.RootElement, limits);
            return document;
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The body as a tree of nodes when it is a JSON object, else null (another JSON value): for calls that keep or
    /// change what was sent (campaign settings). Refuses what <see cref="ReadAsync"/> refuses.
    /// </summary>
    public static async Task<JsonObject?> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var document = await ReadAsync(request, cancellationToken);
        return document.RootElement.ValueKind == JsonValueKind.Object ? JsonObject.Create(document.RootElement.Clone()) : null;
    }

    private static JsonDocumentOptions Options(InputLimits limits) => new() { MaxDepth = limits.MaxJsonDepth, AllowDuplicateProperties = false };

    /// <summary>
    /// Every string and property name meets <see cref="InputText.Check"/>. The parser already refused raw control
    /// characters, so only a <c>\u</c> escape can bring one (or a lone surrogate), and only a body longer than
    /// <see cref="InputLimits.MaxValueLength"/> can hold a string that long: other bodies are checked in one scan.
    /// </summary>
    private static void CheckText(JsonElement root, InputLimits limits)
    {
        var raw = JsonMarshal.GetRawUtf8Value(root);
        if (!Utf8.IsValid(raw))
        {
            throw new BadInputException(ErrorCodes.JsonPostExpected.With("the body is not valid UTF-8"));
        }
        if (raw.Length <= limits.MaxValueLength && raw.IndexOf("\\u"u8) < 0)
        {
            return;
        }
        try
        {
            CheckText(root, null, limits);
        }
        catch (InvalidOperationException)
        {
            throw new BadInputException(ErrorCodes.ParameterInvalid.With("a string of the body holds a \\u escape that is not a whole character (a lone surrogate)"));
        }
    }

    private static void CheckText(JsonElement element, string? name, InputLimits limits)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Check(property.Name, string.Empty, limits);
                    CheckText(property.Value, property.Name, limits);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    CheckText(item, name, limits);
                }
                break;
            case JsonValueKind.String:
                Check(name ?? "the body", element.GetString()!, limits);
                break;
            default:
                break;
        }
    }

    private static void Check(string name, string value, InputLimits limits)
    {
        if (InputText.Check(name, value, limits) is { } failure)
        {
            throw new BadInputException(failure);
        }
    }

    /// <summary>The body's root when it is an object, else null (spec 229 json_post_expected).</summary>
    public static JsonElement? Root(JsonDocument? body) => body?.RootElement is { ValueKind: JsonValueKind.Object } root ? root : null;

    /// <summary>
    /// A property, null when absent or JSON null; nothing read from the element outlives its document (strings
    /// are copied out).
    /// </summary>
    public static JsonElement? Get(JsonElement o, string name) =>
        o.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public static bool IsObject(JsonElement element) => element.ValueKind == JsonValueKind.Object;

    /// <summary>A string or a number given as the value (codes "can be numeric").</summary>
    public static string? Scalar(JsonElement? node) => node?.ValueKind switch
    {
        JsonValueKind.String => node.Value.GetString(),
        JsonValueKind.Number => node.Value.GetRawText(),
        _ => null,
    };

    /// <summary>A string or number value, failing with 419 when it is neither and with 417 beyond <paramref name="maxLength"/> characters.</summary>
    public string? Text(JsonElement o, string name, int maxLength)
    {
        var node = Get(o, name);
        if (node is null)
        {
            return null;
        }
        var text = Scalar(node);
        if (text is null)
        {
            Fail(ErrorCodes.ParameterInvalid, $"{name} must be a string");
            return null;
        }
        if (text.Length > maxLength)
        {
            Fail(ErrorCodes.StringParameterTooLong, $"{name} must be {maxLength.ToString(CultureInfo.InvariantCulture)} characters or less");
        }
        return text;
    }

    public bool? Bool(JsonElement o, string name)
    {
        switch (Get(o, name)?.ValueKind)
        {
            case null:
                return null;
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            default:
                Fail(ErrorCodes.ParameterSuppliedNotBoolean, $"{name} must be true or false");
                return null;
        }
    }

    /// <summary>An integer, as a number or numeric string.</summary>
    public long? Long(JsonElement o, string name)
    {
        var node = Get(o, name);
        if (node is null)
        {
            return null;
        }
        if (Scalar(node) is { } text && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        Fail(ErrorCodes.ParameterSuppliedNotInteger, $"{name} must be an integer");
        return null;
    }

    public int? Int(JsonElement o, string name) => Long(o, name) is { } value
        ? value is >= int.MinValue and <= int.MaxValue ? (int)value : FailInt(name)
        : null;

    private int? FailInt(string name)
    {
        Fail(ErrorCodes.ParameterSuppliedNotInteger, $"{name} is out of range");
        return null;
    }

    public decimal? Decimal(JsonElement o, string name)
    {
        var node = Get(o, name);
        if (node is null)
        {
            return null;
        }
        if (Scalar(node) is { } text && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        Fail(ErrorCodes.CurrencyAmountInvalid, $"{name} must be a number");
        return null;
    }

    /// <summary>An amount in hundredths: a number (or numeric string) with at most two decimals (spec 300).</summary>
    public long? Money(JsonElement o, string name)
    {
        if (Get(o, name) is not { } node)
        {
            return null;
        }
        if (TryMoney(node, out var cents))
        {
            return cents;
        }
        Fail(ErrorCodes.CurrencyAmountInvalid, $"{name} must be an amount with at most two decimals");
        return null;
    }

    public static bool TryMoney(JsonElement node, out long cents)
    {
        cents = 0;
        return Scalar(node) is { } text
            && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount)
            && Cents.TryFromDecimal(amount, out cents);
    }

    // Bodies read as trees of nodes (ReadObjectAsync).

    /// <summary>A JSON number that fits an int; null for anything else.</summary>
    public static int? IntOf(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var id) ? id : null;

    /// <summary>A JSON number that fits a long; null for anything else.</summary>
    public static long? LongOf(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<long>(out var number) ? number : null;

    /// <summary>Whether the node is JSON true.</summary>
    public static bool IsTrue(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.True;

    /// <summary>A JSON string, trimmed; null for anything else and for a blank one.</summary>
    public static string? TextOf(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Trim() is { Length: > 0 } s ? s : null;
}
