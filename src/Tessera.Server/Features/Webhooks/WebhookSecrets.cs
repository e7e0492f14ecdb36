using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Tessera.Server.Features.Webhooks;

/// <summary>
/// Endpoint secrets: made here (<c>whsec_</c> and 32 random bytes in base64url), kept encrypted with Data Protection
/// (its key ring in the database: <see cref="DatabaseXmlRepository"/>), decrypted only to sign.
/// </summary>
public sealed class WebhookSecrets(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Tessera.Webhooks.EndpointSecret.v1");

    public static string New() => "whsec_" + Base64Url(RandomNumberGenerator.GetBytes(32));

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string stored) => _protector.Unprotect(stored);

    /// <summary>Base-64 HMAC-SHA256 of <paramref name="data"/>, keyed with the UTF-8 bytes of the secret (spec: X-Spaaza-Hmac-SHA256).</summary>
    public static string Sign(string secret, ReadOnlySpan<byte> data) =>
        Convert.ToBase64String(HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret), data));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
