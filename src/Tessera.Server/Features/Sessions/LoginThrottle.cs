using Microsoft.Extensions.Options;
using Tessera.Server.Auth;
using Tessera.Server.Data;
using Tessera.Server.Data.Sql;

namespace Tessera.Server.Features.Sessions;

/// <summary>
/// The failed-login limit of one identity: an attempt is reserved, and counted as failed, in one statement before
/// its password is checked, so parallel attempts cannot all slip under the limit; a right password clears the count.
/// Past <see cref="AuthOptions.MaxFailedLogins"/> failures each attempt must wait a doubling delay, capped, instead
/// of a lockout that anyone could keep an account in (docs/adr/0028-logins-are-reserved-before-the-password-is-checked.md).
/// </summary>
public sealed class LoginThrottle(TesseraDbContext db, IOptions<AuthOptions> options, TimeProvider clock)
{
    private readonly AuthOptions _options = options.Value;

    /// <summary>Reserves an attempt for the identity; null when allowed, else how long until the next one is.</summary>
    public async Task<TimeSpan?> ReserveAsync(LoginIdentity identity, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var forgetBefore = now - (long)_options.FailedLoginWindowMinutes * 60_000;
        int? failures = null;
        await LoginThrottleSql.Reserve(new SqlBatch(db), identity.Scope, identity.Username, now, forgetBefore,
                Math.Max(1, _options.MaxFailedLogins), Math.Max(1, _options.FailedLoginDelaySeconds) * 1000L,
                Math.Max(_options.FailedLoginDelaySeconds, _options.MaxFailedLoginDelaySeconds) * 1000L, f => failures = f)
            .ReadAsync(cancellationToken);
        if (failures is not null)
        {
            return null;
        }
        long next = now;
        await LoginThrottleSql.NextAttempt(new SqlBatch(db), identity.Scope, identity.Username, n => next = n).ReadAsync(cancellationToken);
        return TimeSpan.FromMilliseconds(Math.Max(1000, next - now));
    }

    /// <summary>After a right password: the identity's failures are forgotten.</summary>
    public Task ClearAsync(LoginIdentity identity, CancellationToken cancellationToken) =>
        LoginThrottleSql.Clear(new SqlBatch(db), identity.Scope, identity.Username).ExecuteAsync(cancellationToken);

    /// <summary>After a wrong password: rows of identities idle for longer than the window go (guessed usernames included).</summary>
    public Task ForgetIdleAsync(CancellationToken cancellationToken) =>
        LoginThrottleSql.Forget(new SqlBatch(db), clock.GetUtcNow().ToUnixTimeMilliseconds() - (long)_options.FailedLoginWindowMinutes * 60_000)
            .ExecuteAsync(cancellationToken);
}
