using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;

namespace Tessera.Server.Auth;

/// <summary>
/// Secrets every server of a deployment shares, kept in the database: made by whichever server needs
/// one first, read by the rest, cached for the life of the process.
/// </summary>
public sealed class ServerSecrets(IServiceScopeFactory scopes)
{
    private readonly ConcurrentDictionary<string, string> _cache = new(StringComparer.Ordinal);

    public async Task<string> GetAsync(string name, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(name, out var cached))
        {
            return cached;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TesseraDbContext>();
        var value = await db.ServerSecrets.AsNoTracking().Where(s => s.Name == name).Select(s => s.Value).FirstOrDefaultAsync(cancellationToken);
        if (value is null)
        {
            db.ServerSecrets.Add(new ServerSecret { Name = name, Value = Secrets.NewKey() });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another server made it first; use theirs.
                db.ChangeTracker.Clear();
            }
            value = await db.ServerSecrets.AsNoTracking().Where(s => s.Name == name).Select(s => s.Value).FirstAsync(cancellationToken);
        }
        return _cache.GetOrAdd(name, value);
    }
}
