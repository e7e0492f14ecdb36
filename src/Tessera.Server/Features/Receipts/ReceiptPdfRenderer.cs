using System.Globalization;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Tessera.Domain.Ledger;

namespace Tessera.Server.Features.Receipts;

/// <summary>
/// Draws a receipt as an A4 PDF with PDFsharp: the shop (logo, chain, branch), the receipt's code and moment, its lines,
/// totals and taxes, the vouchers, and what the wallet and points wallet earned with their balances after it, in the
/// member's language (<see cref="ReceiptLabels"/>). Long receipts continue on further pages.
/// </summary>
public sealed class ReceiptPdfRenderer : IDisposable
{
    private const double Margin = 50;
    private const double Bottom = 842 - 60;
    private readonly XFont Title;
    private readonly XFont Heading;
    private readonly XFont Body;
    private readonly XFont Small;

    private readonly PdfDocument _document = new();
    private XGraphics _gfx = null!;
    private double _y;
    private readonly XBrush _accent;
    private readonly string _symbol;

    private ReceiptPdfRenderer(Receipt receipt)
    {
        // The resolver first: PDFsharp looks the typeface up when a font is made.
        ReceiptFonts.Install();
        Title = new(ReceiptFonts.Family, 18, XFontStyleEx.Bold);
        Heading = new(ReceiptFonts.Family, 11, XFontStyleEx.Bold);
        Body = new(ReceiptFonts.Family, 10, XFontStyleEx.Regular);
        Small = new(ReceiptFonts.Family, 8, XFontStyleEx.Regular);
        _accent = new XSolidBrush(Colour(receipt.Chain.ReceiptBackgroundColor));
        _symbol = receipt.Currency.Symbol;
        _document.Info.Title = $"{receipt.Chain.Name} {receipt.Id}";
        NewPage();
    }

    /// <param name="logo">The chain's logo (PNG or JPEG), or null to leave it out.</param>
    public static byte[] Render(Receipt receipt, byte[]? logo)
    {
        using var renderer = new ReceiptPdfRenderer(receipt);
        renderer.Draw(receipt, logo);
        using var output = new MemoryStream();
        renderer._gfx.Dispose();
        renderer._document.Save(output, closeStream: false);
        return output.ToArray();
    }

    public void Dispose()
    {
        _gfx.Dispose();
        _document.Dispose();
    }

    private void Draw(Receipt r, byte[]? logo)
    {
        var labels = ReceiptLabels.For(r.Shopper?.Language);
        var b = r.Basket;
        Header(r, logo);
        Text($"{labels.Receipt} {r.Id}", Heading, Margin);
        Text($"{labels.Date}: {b.PurchasedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC · {b.PlatformType} · {labels.Payment}: {ReceiptPayments.Method(b.PaymentsJson)}", Body, Margin);
        foreach (var code in r.OriginalCodes)
        {
            Text($"{labels.Returns} {code}", Body, Margin);
        }
        _y += 10;

        Columns(labels.Item, labels.Quantity, labels.Price, labels.Amount, Heading);
        Rule();
        foreach (var line in r.Lines)
        {
            var i = line.Item;
            var name = i.ProductName ?? line.Product.Name ?? i.RetailerProductCode ?? i.ItemBarcode ?? "";
            var sign = i.IsReturn ? -1 : 1;
            Columns(i.IsReturn ? $"{name} ({labels.Return})" : name, ReceiptFormat.Quantity(sign * i.Quantity), Money(i.PriceCents), Money(sign * i.SubtotalCents), Body);
            if (line.VoucherCents != 0)
            {
                Columns($"    {labels.Vouchers}", "", "", Money(-line.VoucherCents), Small);
            }
        }
        Rule();
        Total(labels.Subtotal, r.SubtotalCents, Body);
        foreach (var tax in ReceiptTaxes.Read(b.TaxesJson))
        {
            Total($"{labels.Tax} {(tax.Rate * 100).ToString("0.##", CultureInfo.InvariantCulture)}%", tax.TaxCents, Body);
        }
        Total(labels.Total, r.TotalCents, Heading);

        if (r.Vouchers.Count > 0)
        {
            Section(labels.Vouchers);
            foreach (var v in r.Vouchers)
            {
                Total(string.Join(" · ", new[] { v.CampaignTitle, v.Text }.Where(s => s.Length > 0)), -v.Cents, Body);
            }
        }
        Wallet(r.Wallet, labels.Wallet, labels, money: true);
        Wallet(r.Points, labels.Points, labels, money: false);
    }

    private void Header(Receipt r, byte[]? logo)
    {
        var textLeft = Margin;
        if (logo is not null && TryLogo(logo) is { } image)
        {
            using (image)
            {
                var scale = Math.Min(120 / image.PointWidth, 60 / image.PointHeight);
                _gfx.DrawImage(image, Margin, _y, image.PointWidth * scale, image.PointHeight * scale);
                textLeft = Margin + image.PointWidth * scale + 15;
            }
        }
        var top = _y;
        Text(r.Chain.Name, Title, textLeft);
        if (r.Branch is { } s)
        {
            Text(s.Name, Body, textLeft);
            var address = string.Join(", ", new[] { s.Address1, s.PostalCode, s.TownCity, s.CountryCode }.Where(x => !string.IsNullOrWhiteSpace(x)));
            if (address.Length > 0)
            {
                Text(address, Small, textLeft);
            }
        }
        var contact = string.Join(" · ", new[] { r.Chain.ReceiptEmail, r.Chain.ReceiptWebsiteUrl }.Where(x => !string.IsNullOrWhiteSpace(x)));
        if (contact.Length > 0)
        {
            Text(contact, Small, textLeft);
        }
        _y = Math.Max(_y, top + 65) + 10;
        _gfx.DrawRectangle(_accent, Margin, _y, 595 - 2 * Margin, 3);
        _y += 15;
    }

    private static XImage? TryLogo(byte[] logo)
    {
        try
        {
            return XImage.FromStream(new MemoryStream(logo));
        }
#pragma warning disable CA1031 // A logo PDFsharp cannot read is left out: the receipt matters, not its logo.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    private void Wallet(ReceiptWallet wallet, string fallbackTitle, ReceiptLabels labels, bool money)
    {
        if (wallet.CampaignId is null && wallet.Contributions.Count == 0)
        {
            return;
        }
        Section(wallet.Title.Length > 0 ? wallet.Title : fallbackTitle);
        foreach (var c in wallet.Contributions)
        {
            Columns($"{c.CampaignTitle} ({labels.Earned})", "", "", "+" + Amount(c.Cents, money), Body);
        }
        Columns(labels.BalanceAfter, "", "", Amount(wallet.BalanceCents ?? 0, money), Heading);
    }

    private string Amount(long cents, bool money) => money ? Money(cents) : Cents.Format(cents);

    private string Money(long cents) => $"{_symbol} {Cents.Format(cents)}";

    private void Section(string title)
    {
        _y += 12;
        Ensure(40);
        Text(title, Heading, Margin);
        Rule();
    }

    private void Total(string label, long cents, XFont font) => Columns(label, "", "", Money(cents), font);

    private void Columns(string item, string quantity, string price, string amount, XFont font)
    {
        Ensure(16);
        var itemWidth = 270.0;
        _gfx.DrawString(Fit(item, font, itemWidth), font, XBrushes.Black, new XRect(Margin, _y, itemWidth, 14), XStringFormats.TopLeft);
        _gfx.DrawString(quantity, font, XBrushes.Black, new XRect(Margin + 270, _y, 50, 14), XStringFormats.TopRight);
        _gfx.DrawString(price, font, XBrushes.Black, new XRect(Margin + 320, _y, 85, 14), XStringFormats.TopRight);
        _gfx.DrawString(amount, font, XBrushes.Black, new XRect(Margin + 405, _y, 90, 14), XStringFormats.TopRight);
        _y += font.Size + 6;
    }

    private void Text(string text, XFont font, double left)
    {
        Ensure(font.Size + 6);
        _gfx.DrawString(Fit(text, font, 595 - Margin - left), font, XBrushes.Black, new XRect(left, _y, 595 - Margin - left, font.Size + 4), XStringFormats.TopLeft);
        _y += font.Size + 6;
    }

    private void Rule()
    {
        _gfx.DrawLine(XPens.Gray, Margin, _y, 595 - Margin, _y);
        _y += 5;
    }

    /// <summary>The text, cut with an ellipsis where it would run past <paramref name="width"/>.</summary>
    private string Fit(string text, XFont font, double width)
    {
        if (_gfx.MeasureString(text, font).Width <= width)
        {
            return text;
        }
        var cut = text;
        while (cut.Length > 1 && _gfx.MeasureString(cut + "…", font).Width > width)
        {
            cut = cut[..^1];
        }
        return cut + "…";
    }

    private void Ensure(double height)
    {
        if (_y + height > Bottom)
        {
            NewPage();
        }
    }

    private void NewPage()
    {
        _gfx?.Dispose();
        var page = _document.AddPage();
        page.Size = PageSize.A4;
        _gfx = XGraphics.FromPdfPage(page);
        _y = Margin;
    }

    /// <summary>The chain's template colour (<c>#RRGGBB</c>), else a neutral grey.</summary>
    private static XColor Colour(string? hex)
    {
        if (hex is { Length: 7 } && hex[0] == '#' && int.TryParse(hex.AsSpan(1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var rgb))
        {
            return XColor.FromArgb((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF);
        }
        return XColor.FromArgb(0x60, 0x60, 0x60);
    }
}
