using System.Globalization;

namespace Tessera.Server.Features.Import;

/// <summary>The rejected rows of an import, with their line and why: a CSV file (line, member_number, reason) made at the first rejection.</summary>
public sealed class RejectsFile(string path) : IDisposable
{
    private StreamWriter? _writer;

    public long Count { get; private set; }

    /// <summary>The file, when a row was rejected.</summary>
    public string? Path => Count > 0 ? System.IO.Path.GetFullPath(path) : null;

    public void Add(long line, string key, string reason)
    {
        if (_writer is null)
        {
            _writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false));
            _writer.Write("line,member_number,reason\n");
        }
        _writer.Write(string.Create(CultureInfo.InvariantCulture, $"{line},{Quote(key)},{Quote(reason)}\n"));
        Count++;
    }

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    public void Dispose() => _writer?.Dispose();
}
