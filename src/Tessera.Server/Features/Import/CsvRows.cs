using System.Text;

namespace Tessera.Server.Features.Import;

/// <summary>
/// An import file read in batches: a header row naming the columns, then one record per row (RFC 4180: fields quoted
/// with <c>"</c> may hold commas, doubled quotes and line breaks). Fields are trimmed.
/// </summary>
public sealed class CsvRows : IDisposable
{
    private readonly StreamReader _reader;
    private readonly StringBuilder _field = new();
    private long _line = 1;

    public CsvRows(string path)
    {
        _reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, new FileStreamOptions { BufferSize = 1 << 16 });
        Header = ReadRecord() is { } header ? [.. header.Select(h => h.ToLowerInvariant())] : [];
    }

    public string[] Header { get; }

    /// <summary>The column's index, or -1.</summary>
    public int Column(string name) => Array.IndexOf(Header, name);

    /// <summary>The next rows, at most <paramref name="size"/>; empty at the end of the file. Blank lines are skipped.</summary>
    public List<CsvRow> Next(int size)
    {
        var rows = new List<CsvRow>(size);
        while (rows.Count < size)
        {
            var line = _line;
            if (ReadRecord() is not { } record)
            {
                break;
            }
            if (record is [""])
            {
                continue;
            }
            var fields = new string[Header.Length];
            for (var i = 0; i < fields.Length; i++)
            {
                fields[i] = i < record.Count ? record[i] : "";
            }
            rows.Add(new CsvRow(line, fields));
        }
        return rows;
    }

    /// <summary>The fields of the next record, or null at the end of the file.</summary>
    private List<string>? ReadRecord()
    {
        if (_reader.Peek() < 0)
        {
            return null;
        }
        var fields = new List<string>();
        var quoted = false;
        _field.Clear();
        while (true)
        {
            var c = _reader.Read();
            if (c < 0)
            {
                fields.Add(_field.ToString().Trim());
                return fields;
            }
            if (quoted)
            {
                if (c == '"')
                {
                    if (_reader.Peek() == '"')
                    {
                        _reader.Read();
                        _field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        _line++;
                    }
                    _field.Append((char)c);
                }
                continue;
            }
            switch (c)
            {
                case '"' when _field.ToString().Trim().Length == 0:
                    _field.Clear();
                    quoted = true;
                    break;
                case ',':
                    fields.Add(_field.ToString().Trim());
                    _field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    _line++;
                    fields.Add(_field.ToString().Trim());
                    return fields;
                default:
                    _field.Append((char)c);
                    break;
            }
        }
    }

    /// <summary>Data rows in the file (lines after the header), counted quickly for the progress bar's total.</summary>
    public static long CountRows(string path)
    {
        long lines = 0;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var buffer = new byte[1 << 16];
        int read;
        var last = (byte)'\n';
        while ((read = stream.Read(buffer)) > 0)
        {
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
            last = buffer[read - 1];
        }
        return Math.Max(0, lines + (last == '\n' ? 0 : 1) - 1);
    }

    public void Dispose() => _reader.Dispose();
}
