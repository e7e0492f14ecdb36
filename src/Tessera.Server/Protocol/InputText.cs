using System.Buffers;
using System.Globalization;

namespace Tessera.Server.Protocol;

/// <summary>The rules every text field of a request meets, whatever carries it (query, form, JSON, header).</summary>
public static class InputText
{
    /// <summary>
    /// C0 control characters other than tab, line feed and carriage return, and DEL: nothing a person types, and
    /// NUL is refused by PostgreSQL in text (an error that used to surface as 330 server_error).
    /// </summary>
    private static readonly SearchValues<char> Controls = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000B\u000C\u000E\u000F" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\u007F");

    public static bool HasControl(ReadOnlySpan<char> text) => text.ContainsAny(Controls);

    /// <summary>The failure of a field whose name or value breaks <paramref name="limits"/> or holds a control character; null when it is fine.</summary>
    public static ApiFailure? Check(string name, string value, InputLimits limits)
    {
        if (name.Length > limits.MaxKeyLength)
        {
            return ErrorCodes.StringParameterTooLong.With($"a parameter name must be {Number(limits.MaxKeyLength)} characters or less");
        }
        if (value.Length > limits.MaxValueLength)
        {
            return ErrorCodes.StringParameterTooLong.With($"{Shown(name)} must be {Number(limits.MaxValueLength)} characters or less");
        }
        return HasControl(name) || HasControl(value)
            ? ErrorCodes.ParameterInvalid.With(SpaazaParams.ControlCharacters(Shown(name)))
            : null;
    }

    /// <summary>A field name as an error message quotes it: at most 64 characters, no control characters.</summary>
    public static string Shown(string name)
    {
        var shown = name.Length > 64 ? name[..64] + "…" : name;
        return HasControl(shown) ? string.Concat(shown.Select(c => HasControl([c]) ? '?' : c)) : shown;
    }

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
