using Microsoft.EntityFrameworkCore;
using Tessera.Server.Data;

namespace Tessera.Server.Auth;

/// <summary>
/// Apps by hostname, kept for <see cref="MaxAge"/>: apps are created by bootstrap and not altered through
/// the API, and a setting changed in the database (such as member_number_max) is seen within that time.
/// Unknown hostnames are asked again every time.
/// </summary>
public sealed class AppDirectory(TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private readonly RecentRows<Data.Entities.App> _apps = new(clock, MaxAge);

    public Task<Data.Entities.App?> FindAsync(TesseraDbContext db, string hostname, CancellationToken cancellationToken) =>
        _apps.GetAsync(hostname, () => db.Apps.AsNoTracking().FirstOrDefaultAsync(a => a.Hostname == hostname, cancellationToken));
}
