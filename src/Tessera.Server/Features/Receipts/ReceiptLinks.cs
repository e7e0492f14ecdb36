using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Tessera.Server.Auth;

namespace Tessera.Server.Features.Receipts;

/// <summary>
/// A receipt's <c>download_url</c>: <c>{base}/receipt-pdf/{basket id}?expires={unix seconds}&amp;signature={hex}</c>,
/// signed with HMAC-SHA256 under a key every server shares (<see cref="ServerSecrets"/>, as the member export's link),
/// good for any number of downloads until it expires, so that it can be e-mailed and opened without a session.
/// The base is <c>Receipts:PublicBaseUrl</c>, else the request's own scheme and host.
/// </summary>
public sealed class ReceiptLinks(ServerSecrets secrets, IConfiguration configuration, IHttpContextAccessor http, TimeProvider clock)
{
    private const string SigningKeyName = "receipt-signing-key";

    /// <summary>How long a link works (<c>Receipts:LinkValidityDays</c>, default 30).</summary>
    public TimeSpan Validity { get; } = TimeSpan.FromDays(configuration.GetValue("Receipts:LinkValidityDays", 30));

    /// <summary>Reads the signing key into the cache (see <see cref="ReceiptEvent.PrepareAsync"/>).</summary>
    public Task PrepareAsync(CancellationToken cancellationToken) => secrets.GetAsync(SigningKeyName, cancellationToken);

    public async Task<string> CreateAsync(long basketId, CancellationToken cancellationToken)
    {
        var expires = clock.GetUtcNow().Add(Validity).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var id = basketId.ToString(CultureInfo.InvariantCulture);
        var signature = await SignAsync(id, expires, cancellationToken);
        return $"{BaseUrl()}/receipt-pdf/{id}?expires={expires}&signature={signature}";
    }

    /// <summary>Whether the link's signature is right (a changed id or expiry breaks it) and, if so, whether it has expired.</summary>
    public async Task<ReceiptLinkCheck> CheckAsync(long basketId, string? expires, string? signature, CancellationToken cancellationToken)
    {
        if (!long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var expiry) || signature is not { Length: 64 })
        {
            return ReceiptLinkCheck.Tampered;
        }
        var expected = Encoding.ASCII.GetBytes(await SignAsync(basketId.ToString(CultureInfo.InvariantCulture), expires!, cancellationToken));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature)))
        {
            return ReceiptLinkCheck.Tampered;
        }
        return expiry > clock.GetUtcNow().ToUnixTimeSeconds() ? ReceiptLinkCheck.Valid : ReceiptLinkCheck.Expired;
    }

    private async Task<string> SignAsync(string basketId, string expires, CancellationToken cancellationToken)
    {
        var key = Encoding.ASCII.GetBytes(await secrets.GetAsync(SigningKeyName, cancellationToken));
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes($"receipt.{basketId}.{expires}")));
    }

    private string BaseUrl()
    {
        if (configuration["Receipts:PublicBaseUrl"] is { Length: > 0 } configured)
        {
            return configured.TrimEnd('/');
        }
        var request = http.HttpContext?.Request;
        return request is null ? "" : $"{request.Scheme}://{request.Host}{request.PathBase}";
    }
}
