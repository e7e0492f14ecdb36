using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Auth;

/// <summary>Salted PBKDF2 (HMAC-SHA512) through the framework's PasswordHasher, 210 000 iterations (OWASP 2023).</summary>
public sealed class Passwords
{
    public const int Iterations = 210_000;

    private readonly PasswordHasher<User> _hasher = new(Options.Create(new PasswordHasherOptions
    {
        CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3,
        IterationCount = Iterations,
    }));

    // Verifying against this hash costs the same as a real one, so unknown usernames take as long as wrong passwords.
    private readonly string _decoy;

    public Passwords() => _decoy = Hash(Secrets.NewKey(32));

    public string Hash(string password) => _hasher.HashPassword(null!, password);

    public bool Verify(string? hash, string password)
    {
        var result = _hasher.VerifyHashedPassword(null!, hash ?? _decoy, password);
        return hash is not null && result != PasswordVerificationResult.Failed;
    }
}
