using System.Globalization;
using System.Text;

namespace Tessera.Fuzzing;

/// <summary>One generated request: all of it is here, so a failure can be printed and replayed (seed and index).</summary>
public sealed record FuzzRequest(long Seed, int Index, string Method, string Url, IReadOnlyList<KeyValuePair<string, string>> Headers, string? ContentType, byte[]? Body)
{
    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(new HttpMethod(Method), new Uri(Url, UriKind.Relative));
        foreach (var (name, value) in Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }
        return message;
    }

    /// <summary>The request as text for a failure report: control characters and long runs shown escaped and cut.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"seed {Seed} index {Index}: {Method} {Url}\n");
        foreach (var (name, value) in Headers)
        {
            text.Append(CultureInfo.InvariantCulture, $"{name}: {Shown(value, 300)}\n");
        }
        if (Body is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"Content-Type: {ContentType}\nbody ({Body.Length} bytes): {Shown(Encoding.UTF8.GetString(Body), 2000)}\n");
        }
        return text.ToString();
    }

    private static string Shown(string value, int max)
    {
        var shown = new StringBuilder();
        foreach (var c in value.Length > max ? value[..max] : value)
        {
            shown.Append(c < 0x20 || c == 0x7F ? $"\\u{(int)c:x4}" : c.ToString());
        }
        return value.Length > max ? shown.Append(CultureInfo.InvariantCulture, $"… ({value.Length} chars)").ToString() : shown.ToString();
    }
}
