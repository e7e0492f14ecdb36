using System.Reflection;
using PdfSharp.Fonts;

namespace Tessera.Server.Features.Receipts;

/// <summary>
/// PDFsharp's fonts: DejaVu Sans, regular and bold, embedded in this assembly (Features/Receipts/Fonts, under the
/// DejaVu/Bitstream Vera licence in LICENSE.txt there), so a receipt renders the same on a machine without any
/// system font (PDFsharp 6 finds no fonts of its own on Linux). Every family asked for gets DejaVu Sans.
/// </summary>
public sealed class ReceiptFonts : IFontResolver
{
    public const string Family = "DejaVu Sans";
    private const string Regular = "DejaVuSans";
    private const string Bold = "DejaVuSans-Bold";
    private static readonly Lock Gate = new();
    private static bool _installed;

    /// <summary>Installs the resolver once per process (PDFsharp keeps one, globally).</summary>
    public static void Install()
    {
        lock (Gate)
        {
            if (!_installed)
            {
                GlobalFontSettings.FontResolver ??= new ReceiptFonts();
                _installed = true;
            }
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? Bold : Regular, false, italic);

    public byte[]? GetFont(string faceName) => Faces.GetOrAdd(faceName, Load);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte[]> Faces = new(StringComparer.Ordinal);

    private static byte[] Load(string faceName)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Tessera.Server.Features.Receipts.Fonts.{faceName}.ttf")
            ?? throw new InvalidOperationException($"the embedded font {faceName}.ttf is missing from the build");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
