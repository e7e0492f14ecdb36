using Microsoft.EntityFrameworkCore;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Features.Receipts;

/// <summary>
/// Receipt PDFs: rendered on the first download and kept in the database (<c>receipt_pdfs</c>), so every server of
/// a deployment answers later downloads from one copy without rendering again (see docs/adr/0038). The chain's
/// logo is fetched for the first rendering with a short timeout; a logo that cannot be had is left out, never
/// failing the receipt.
/// </summary>
public sealed class ReceiptPdfs(TesseraDbContext db, ReceiptReader reader, IHttpClientFactory http, ILogger<ReceiptPdfs> log, TimeProvider clock)
{
    public const string LogoClient = "receipt-logos";
    public static readonly TimeSpan LogoTimeout = TimeSpan.FromSeconds(3);
    private const int MaxLogoBytes = 2 * 1024 * 1024;

    public async Task<byte[]?> GetAsync(long basketId, CancellationToken cancellationToken)
    {
        var cached = await db.ReceiptPdfs.AsNoTracking().Where(p => p.BasketId == basketId).Select(p => p.Pdf).FirstOrDefaultAsync(cancellationToken);
        if (cached is not null)
        {
            return cached;
        }
        if (await reader.ByIdAsync(basketId, cancellationToken) is not { } receipt)
        {
            return null;
        }
        var pdf = ReceiptPdfRenderer.Render(receipt, await LogoAsync(receipt.Chain.ReceiptLogoUrl, cancellationToken));
        db.ReceiptPdfs.Add(new ReceiptPdf { BasketId = basketId, ChainId = receipt.Chain.Id, Pdf = pdf, CreatedAt = clock.GetUtcNow().UtcDateTime });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another server rendered it at the same moment: both copies are the same receipt.
            db.ChangeTracker.Clear();
        }
        return pdf;
    }

    private async Task<byte[]?> LogoAsync(string? url, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(url))
        {
            return null;
        }
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(LogoTimeout);
            using var response = await http.CreateClient(LogoClient).GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode || response.Content.Headers.ContentLength > MaxLogoBytes)
            {
                log.LogWarning("Receipt logo {Url} answered {Status}; the PDF is made without it", url, (int)response.StatusCode);
                return null;
            }
            var bytes = await response.Content.ReadAsByteArrayAsync(timeout.Token);
            return bytes.Length <= MaxLogoBytes ? bytes : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or InvalidOperationException or UriFormatException or NotSupportedException && !cancellationToken.IsCancellationRequested)
        {
            log.LogWarning("Receipt logo {Url} could not be fetched ({Reason}); the PDF is made without it", url, ex.Message);
            return null;
        }
    }
}
