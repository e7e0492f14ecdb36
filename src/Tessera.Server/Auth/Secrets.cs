using System.Security.Cryptography;
using System.Text;

namespace Tessera.Server.Auth;

/// <summary>Random keys from the CSPRNG and their stored form (SHA-256, hex). Keys are never stored.</summary>
public static class Secrets
{
    /// <summary>64 lowercase hex characters (256 bits).</summary>
    public static string NewKey() => RandomNumberGenerator.GetHexString(64, lowercase: true);

    public static string NewKey(int hexLength) => RandomNumberGenerator.GetHexString(hexLength, lowercase: true);

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Compares a presented key with a stored hash in constant time.</summary>
    public static bool Matches(string presentedKey, string storedHash)
    {
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(presentedKey));
        Span<byte> stored = stackalloc byte[32];
        if (storedHash.Length != 64 || Convert.FromHexString(storedHash, stored, out _, out var written) != System.Buffers.OperationStatus.Done || written != 32)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(presented, stored);
    }

    public static bool IsHexKey(string? value, int length = 64) =>
        value is not null && value.Length == length && value.All(char.IsAsciiHexDigit);
}
