using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace Tessera.Server.Protocol;

/// <summary>
/// The parameters of a call, from the query string and a form body (urlencoded or multipart),
/// the body winning. Reading methods validate as they go and remember the first failure, so a
/// handler reads everything it needs and then checks <see cref="Failure"/> once.
/// </summary>
public sealed class SpaazaParams
{
    private readonly Dictionary<string, string> _values;

    private SpaazaParams(Dictionary<string, string> values) => _values = values;

    public ApiFailure? Failure { get; private set; }

    /// <summary>
    /// The query string (checked by <see cref="InputGuard"/>) and a form body. A form that cannot be read (malformed
    /// multipart, more fields or longer names or values than <see cref="InputLimits"/> allow) or that holds a control
    /// character throws <see cref="BadInputException"/>: no endpoint goes on with it.
    /// </summary>
    public static async Task<SpaazaParams> ReadAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in request.Query)
        {
            values[key] = Last(value);
        }
        if (request.HasFormContentType)
        {
            var limits = InputGuard.Limits(request.HttpContext);
            foreach (var (key, value) in await ReadFormAsync(request, limits, cancellationToken))
            {
                foreach (var text in value)
                {
                    if (InputText.Check(key, text ?? string.Empty, limits) is { } failure)
                    {
                        throw new BadInputException(failure);
                    }
                }
                values[key] = Last(value);
            }
        }
        return new SpaazaParams(values);
    }

    private static async Task<IFormCollection> ReadFormAsync(HttpRequest request, InputLimits limits, CancellationToken cancellationToken)
    {
        try
        {
            return await request.ReadFormAsync(cancellationToken);
        }
        // ASP.NET Core's form reader says which limit in its message only.
        catch (InvalidDataException e) when (e.Message.StartsWith("Form value count limit", StringComparison.Ordinal))
        {
            throw new BadInputException(ErrorCodes.MultipleParameterMismatch.With($"at most {InputText.Number(limits.MaxFields)} form fields are accepted"));
        }
        catch (InvalidDataException e) when (e.Message.StartsWith("Form key length limit", StringComparison.Ordinal)
            || e.Message.StartsWith("Form value length limit", StringComparison.Ordinal))
        {
            throw new BadInputException(ErrorCodes.StringParameterTooLong.With(
                $"form field names must be {InputText.Number(limits.MaxKeyLength)} characters or less and values {InputText.Number(limits.MaxValueLength)}"));
        }
        catch (InvalidDataException e) when (e.Message.StartsWith("The form value contains invalid characters", StringComparison.Ordinal))
        {
            // The urlencoded reader refuses control characters itself, without naming the field.
            throw new BadInputException(ErrorCodes.ParameterInvalid.With(ControlCharacters("form values")));
        }
        catch (NotSupportedException)
        {
            throw new BadInputException(ErrorCodes.ParameterInvalid.With("the form body's charset is not supported (send UTF-8)"));
        }
        catch (Exception e) when (e is InvalidDataException or (IOException and not BadHttpRequestException) or FormatException)
        {
            // A multipart body without its boundary, cut short, or with a broken section.
            throw new BadInputException(ErrorCodes.ParameterInvalid.With("the form body cannot be read: " + e.Message));
        }
    }

    internal static string ControlCharacters(string what) =>
        $"{what} must not contain control characters (U+0000 to U+001F other than tab and line breaks, or U+007F)";

    public static SpaazaParams From(IEnumerable<KeyValuePair<string, string>> values) =>
        new(values.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal));

    private static string Last(StringValues value) => value.Count == 0 ? string.Empty : value[^1] ?? string.Empty;

    public bool Has(string name) => _values.ContainsKey(name);

    /// <summary>Present and not blank.</summary>
    public bool HasValue(string name) => _values.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v);

    /// <summary>Records a failure unless an earlier one is already recorded.</summary>
    public void Fail(ApiFailure failure) => Failure ??= failure;

    /// <summary>The trimmed value; null when absent, empty string when sent empty (which "clears" in alter calls).</summary>
    public string? Text(string name) => _values.TryGetValue(name, out var v) ? v.Trim() : null;

    /// <summary>The trimmed value, failing with <paramref name="tooLong"/> beyond <paramref name="maxLength"/> characters.</summary>
    public string? Text(string name, int maxLength, ApiError tooLong)
    {
        var value = Text(name);
        if (value is not null && value.Length > maxLength)
        {
            Fail(tooLong.With($"{name} must be {maxLength} characters or less"));
        }
        return value;
    }

    public string Required(string name, ApiError? missing = null)
    {
        var value = Text(name);
        if (string.IsNullOrEmpty(value))
        {
            Fail(missing is null ? ErrorCodes.HttpVarsMissing.With($"{name} is required") : new ApiFailure(missing));
            return string.Empty;
        }
        return value;
    }

    public int? Int(string name, ApiError invalid)
    {
        var value = Text(name);
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        if (int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var result))
        {
            return result;
        }
        Fail(invalid);
        return null;
    }

    public int RequiredInt(string name, ApiError missing, ApiError invalid)
    {
        if (!HasValue(name))
        {
            Fail(missing);
            return 0;
        }
        return Int(name, invalid) ?? 0;
    }

    /// <summary>true/false, 1/0, yes/no in any case; anything else is 316 parameter_supplied_not_boolean.</summary>
    public bool? Bool(string name, ApiError? invalid = null)
    {
        var value = Text(name);
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        switch (value.ToLowerInvariant())
        {
            case "true" or "1" or "yes":
                return true;
            case "false" or "0" or "no":
                return false;
            default:
                Fail((invalid ?? ErrorCodes.ParameterSuppliedNotBoolean).With($"{name} must be true or false"));
                return null;
        }
    }

    public decimal? Decimal(string name, ApiError invalid)
    {
        var value = Text(name);
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        if (decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var result))
        {
            return result;
        }
        Fail(invalid);
        return null;
    }
}
