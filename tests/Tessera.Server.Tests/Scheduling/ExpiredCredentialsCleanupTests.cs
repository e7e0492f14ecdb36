using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Tessera.Server.Data.Entities;
using Tessera.Server.Features.Scheduling;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Scheduling;

public sealed class ExpiredCredentialsCleanupTests
{
    [Theory, AllEngines]
    public async Task Cleanup_deletes_only_what_expired_longer_ago_than_the_retention(string engine)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await using var app = new TesseraApp(engine) { Time = time };
        var chain = await app.BootstrapAsync();
        using var admin = await chain.AdminClientAsync();
        var now = time.GetUtcNow().UtcDateTime;
        // Expired 8 days ago (past the 7 days kept), 2 days ago (kept), and still valid.
        DateTime[] expiries = [now.AddDays(-8), now.AddDays(-2), now.AddHours(1)];
        var ids = await app.WithDbAsync(async db =>
        {
            var appId = await db.Apps.Where(a => a.ChainId == chain.ChainId).Select(a => a.Id).FirstAsync();
            var userId = chain.Result.AdminUserId;
            var rows = expiries.Select((expires, i) => (
                Session: new Session { UserId = userId, KeyHash = Hash("s", i), AuthMethod = "password", ValidityHours = 1, CreatedAt = expires.AddHours(-1), ExpiresAt = expires },
                Token: new CrossSiteToken { UserId = userId, AppId = appId, TokenHash = Hash("c", i), CreatedAt = expires.AddHours(-1), ExpiresAt = expires },
                Nonce: new ExportNonce { ChainId = chain.ChainId, Entity = "user", NonceHash = Hash("e", i), CreatedAt = expires.AddHours(-48), ExpiresAt = expires, UsedAt = i == 1 ? expires.AddHours(-47) : null },
                Merchant: new MerchantToken { TokenHash = Hash("m", i), ChainId = chain.ChainId, AdminUserId = userId, CreatedAt = expires.AddHours(-1), ExpiresAt = expires })).ToList();
            foreach (var row in rows)
            {
                db.AddRange(row.Session, row.Token, row.Nonce, row.Merchant);
            }
            await db.SaveChangesAsync();
            return rows.Select(r => (r.Session.Id, r.Token.Id, r.Nonce.Id, r.Merchant.Id)).ToList();
        });

        Assert.Contains("expired-credentials-cleanup", await app.Services.GetRequiredService<JobScheduler>().RunDueAsync(CancellationToken.None));

        var left = await app.WithDbAsync(async db => (
            Sessions: await db.Sessions.Where(s => ids.Select(i => i.Item1).Contains(s.Id)).Select(s => s.Id).ToListAsync(),
            Tokens: await db.CrossSiteTokens.Where(t => ids.Select(i => i.Item2).Contains(t.Id)).Select(t => t.Id).ToListAsync(),
            Nonces: await db.ExportNonces.Where(n => ids.Select(i => i.Item3).Contains(n.Id)).Select(n => n.Id).ToListAsync(),
            Merchants: await db.MerchantTokens.Where(m => ids.Select(i => i.Item4).Contains(m.Id)).Select(m => m.Id).ToListAsync()));
        Assert.Equal([ids[1].Item1, ids[2].Item1], left.Sessions.Order());
        Assert.Equal([ids[1].Item2, ids[2].Item2], left.Tokens.Order());
        Assert.Equal([ids[1].Item3, ids[2].Item3], left.Nonces.Order());
        Assert.Equal([ids[1].Item4, ids[2].Item4], left.Merchants.Order());

        // The admin's own session, valid, still works.
        var member = await chain.AddMemberAsync();
        (await admin.GetAsync("/internal/get-user", ("chain_id", Id(chain.ChainId)), ("user_id", Id(member.Id)))).AssertOk("get-user");
    }

    private static string Id(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Hash(string kind, int i) => $"{kind}{i}{Guid.NewGuid():N}";
}
