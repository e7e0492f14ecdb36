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

    private long _verifications;

    /// <summary>Passwords verified by this server since it started (decoy checks included): what a login limit bounds.</summary>
    public long Verifications => Interlocked.Read(ref _verifications);

    public bool Verify(string? hash, string password)
    {
        Interlocked.Increment(ref _verifications);
        var result = _hasher.VerifyHashedPassword(null!, hash ?? _decoy, password);
        return hash is not null && result != PasswordVerificationResult.Failed;
    }

    /// <summary>
    /// <see cref="Hash"/> on a thread-pool thread: a request's continuation may run on a socket's event thread (with
    /// <c>Server:InlineScheduling</c>), which the 0.1 s of a hash must not hold up.
    /// </summary>
    public Task<string> HashAsync(string password) => Task.Run(() => Hash(password));

    /// <summary><see cref="Verify"/> on a thread-pool thread, as <see cref="HashAsync"/>.</summary>
    public Task<bool> VerifyAsync(string? hash, string password) => Task.Run(() => Verify(hash, password));
}
