using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tessera.Server.Protocol;
using Tessera.Server.Tests.Infrastructure;
using UglyToad.PdfPig;
using static Tessera.Server.Tests.Baskets.BasketCalls;

namespace Tessera.Server.Tests.Receipts;

/// <summary>A receipt's download_url: a signed, expiring link to its PDF, read here as a person would read it.</summary>
public sealed class ReceiptPdfTests
{
    /// <summary>The PDF's words, page after page, as PdfPig reads them.</summary>
    public static string Words(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join(' ', document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
    }

    private static async Task<(HttpStatusCode Status, byte[] Body, string? Type)> DownloadAsync(TesseraApp app, string url)
    {
        using var anonymous = app.CreateClient();
        var uri = new Uri(url);
        using var response = await anonymous.GetAsync(uri.PathAndQuery);
        return (response.StatusCode, await response.Content.ReadAsByteArrayAsync(), response.Content.Headers.ContentType?.MediaType);
    }

    private static async Task<string> DownloadUrlAsync(ReceiptShop shop, string code)
    {
        using var member = await shop.MemberClientAsync();
        var receipt = await member.GetAsync("/receipts/" + code);
        return receipt.Json.GetProperty("download_url").GetString()!;
    }

    [Theory, AllEngines]
    public async Task The_download_url_opens_without_a_session_a_pdf_with_the_shop_lines_totals_vouchers_and_wallet(string engine)
    {
        // A logo that cannot be fetched is left out: the receipt is made all the same.
        var shop = await ReceiptShop.CreateAsync(TesseraApp.Shared(engine), logoUrl: "http://127.0.0.1:9/logo.png");
        var (_, key) = await shop.Shop.VoucherAsync("5.00");
        var code = Code();
        await shop.BuyAsync(code, total: 95.00m, extra: $$""","basket_vouchers":[{"voucher_key":"{{key}}"}],"basket_tax":[{"tax_rate":0.21,"tax_total":16.49}]""");
        var url = await DownloadUrlAsync(shop, code);
        var chainName = await shop.Chain.App.WithDbAsync(db => db.Chains.Where(c => c.Id == shop.Chain.ChainId).Select(c => c.Name).SingleAsync());

        var (status, pdf, type) = await DownloadAsync(shop.Chain.App, url);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/pdf", type);
        var words = Words(pdf);
        foreach (var expected in new[] { chainName, "Cape Town", code, "ACME shorts", "Best tee", "€ 60.00", "€ 40.00", "Total", "€ 95.00", "Tax 21%", "€ 16.49",
            "Welcome gift", "€ -5.00", "Money Wallet", "Store Rewards", "+€ 9.50", "€ 9.50" })
        {
            Assert.Contains(expected, words, StringComparison.Ordinal);
        }
        // Rendered once, then served from the database to every server.
        var again = await DownloadAsync(shop.Chain.App, url);
        Assert.Equal(pdf, again.Body);
        var basketId = long.Parse(new Uri(url).Segments[^1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(1, await shop.Chain.App.WithDbAsync(db => db.ReceiptPdfs.CountAsync(p => p.BasketId == basketId)));
    }

    [Theory, AllEngines]
    public async Task A_members_pdf_is_in_its_language(string engine)
    {
        var shop = await ReceiptShop.CreateAsync(TesseraApp.Shared(engine));
        using (var privileged = shop.Chain.PrivilegedClient())
        {
            (await privileged.PutAsync("/internal/alter-user", ("user_id", ReceiptShop.Id(shop.Shop.Member.Id)), ("language", "nl"))).AssertOk("alter-user");
        }
        var code = Code();
        await shop.BuyAsync(code);

        var (status, pdf, _) = await DownloadAsync(shop.Chain.App, await DownloadUrlAsync(shop, code));

        Assert.Equal(HttpStatusCode.OK, status);
        var words = Words(pdf);
        Assert.Contains("Totaal", words, StringComparison.Ordinal);
        Assert.Contains("Saldo na deze aankoop", words, StringComparison.Ordinal);
    }

    [Theory, AllEngines]
    public async Task A_tampered_link_is_refused_with_325_and_an_expired_one_with_326(string engine)
    {
        await using var app = new TesseraApp(engine);
        var shop = await ReceiptShop.CreateAsync(app);
        var code = Code();
        await shop.BuyAsync(code);
        var other = Code();
        await shop.BuyAsync(other);
        var url = await DownloadUrlAsync(shop, code);
        var otherUrl = await DownloadUrlAsync(shop, other);
        var signature = url[^64..];
        var otherId = new Uri(otherUrl).Segments[^1];

        var flipped = url[..^1] + (url[^1] == '0' ? '1' : '0');
        var otherBasket = url.Replace("/receipt-pdf/" + new Uri(url).Segments[^1], "/receipt-pdf/" + otherId, StringComparison.Ordinal);
        var later = url.Replace("expires=", "expires=9", StringComparison.Ordinal);
        foreach (var tampered in new[] { flipped, otherBasket, later, url.Replace(signature, "", StringComparison.Ordinal) })
        {
            var (status, body, _) = await DownloadAsync(app, tampered);
            Assert.Equal(ErrorCodes.InvalidNonce.Code, JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("code").GetInt32());
            Assert.NotEqual(HttpStatusCode.OK, status);
        }
        Assert.Equal(HttpStatusCode.OK, (await DownloadAsync(app, url)).Status);
        Assert.Equal(HttpStatusCode.OK, (await DownloadAsync(app, url)).Status);

        app.Clock.Advance(TimeSpan.FromDays(31));
        var (expiredStatus, expired, _) = await DownloadAsync(app, url);

        Assert.NotEqual(HttpStatusCode.OK, expiredStatus);
        Assert.Equal(ErrorCodes.ExpiredNonce.Code, JsonDocument.Parse(expired).RootElement.GetProperty("error").GetProperty("code").GetInt32());
    }
}
