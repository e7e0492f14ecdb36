using Microsoft.EntityFrameworkCore;
using Tessera.Server.Data;

namespace Tessera.Server.Auth;

/// <summary>
/// Active privileged clients by key id, kept for <see cref="MaxAge"/> like apps: clients are created by bootstrap and
/// never changed through the API, so a till's stream of baskets does not read the same row on every request. A
/// client deactivated in the database is refused within that time; unknown key ids are asked again every time.
/// The secret is still checked against the stored hash on every request.
/// </summary>
public sealed class ApiClientDirectory(TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private readonly RecentRows<Data.Entities.ApiClient> _clients = new(clock, MaxAge);

    public Task<Data.Entities.ApiClient?> FindAsync(TesseraDbContext db, string keyId, CancellationToken cancellationToken) =>
        _clients.GetAsync(keyId, () => db.ApiClients.AsNoTracking().FirstOrDefaultAsync(c => c.KeyId == keyId && c.Active, cancellationToken));

    /// <summary>A key revoked or rotated by this server is refused by it at once (other servers: within <see cref="MaxAge"/>).</summary>
    public void Forget(string keyId) => _clients.Forget(keyId);
}
