using CsvHelper;

namespace Tessera.Server.Protocol;

/// <summary>
/// How every CSV Tessera writes is made: RFC 4180, and safe to open in a spreadsheet. A text cell that starts with
/// <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return (OWASP's list, CsvHelper's default
/// <see cref="CsvWriterOptions.InjectionCharacters"/>) gets a single quote in front and is quoted, so Excel or
/// LibreOffice show it as text instead of running it as a formula (a member named <c>=HYPERLINK(…)</c>).
/// Numbers the system formats itself (<see cref="CsvWriter.WriteField{T}(T, ReadOnlySpan{char})"/>) are not text and
/// stay numbers, so <c>-5.00</c> is still a number; write member- or staff-given values as strings (docs/spec-choices.md).
/// </summary>
public static class SpreadsheetSafeCsv
{
    public static readonly CsvWriterOptions Options = CsvWriterOptions.Default with { Injection = CsvInjection.Escape };

    /// <summary>A writer of UTF-8 CSV on <paramref name="body"/>, which it leaves open.</summary>
    public static CsvWriter Create(Stream body) => CsvWriter.Create(body, Options, leaveOpen: true);
}
