namespace Tessera.Server.Auth;

/// <summary>
/// Rows read by a string key and kept for a while: found rows are served from memory until <c>maxAge</c> has
/// passed (by the injected clock); a key not found is asked again every time.
/// </summary>
public sealed class RecentRows<T>(TimeProvider clock, TimeSpan maxAge) where T : class
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (T Row, DateTime ReadAt)> _rows = new(StringComparer.Ordinal);

    public async Task<T?> GetAsync(string key, Func<Task<T?>> read)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (_rows.TryGetValue(key, out var known) && known.ReadAt <= now && now - known.ReadAt < maxAge)
        {
            return known.Row;
        }
        var row = await read();
        if (row is null)
        {
            _rows.TryRemove(key, out _);
        }
        else
        {
            _rows[key] = (row, now);
        }
        return row;
    }

    /// <summary>Drops a key's row, so the next read asks the database again.</summary>
    public void Forget(string key) => _rows.TryRemove(key, out _);
}
