using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Tessera.Server.Data.Sql;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;
using Tessera.Server.Features.Members;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Members;

/// <summary>The plain-SQL member read of the basket calls gives the same member as EF Core, field for field.</summary>
public sealed class MemberSqlTests
{
    [Theory, AllEngines]
    public async Task A_member_read_by_MemberSql_equals_the_member_EF_Core_reads_in_every_property(string engine)
    {
        var database = TestDatabase.Create(engine);
        var options = new DbContextOptionsBuilder<TesseraDbContext>();
        new DatabaseSettings(engine == Engines.Postgres ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite, database.ConnectionString).Configure(options);
        await using var db = new TesseraDbContext(options.Options);
        await new DatabaseMigrator(db, NullLogger<DatabaseMigrator>.Instance).MigrateAsync();
        var at = new DateTime(2026, 3, 4, 5, 6, 7, DateTimeKind.Utc);
        db.Chains.Add(new Chain { Name = "Chain", CurrencyId = 2, CreatedAt = at });
        await db.SaveChangesAsync();
        var chainId = await db.Chains.Select(c => c.Id).SingleAsync();
        db.Businesses.Add(new Business { ChainId = chainId, Name = "Store", CreatedAt = at, UpdatedAt = at });
        await db.SaveChangesAsync();
        var storeId = await db.Businesses.Select(b => b.Id).SingleAsync();
        var referrer = new User { ChainId = chainId, UsernameScope = chainId, Username = "ref@example.com", UsernameNormalized = "ref@example.com", MemberNumber = "M-0", CreatedAt = at, UpdatedAt = at };
        db.Users.Add(referrer);
        await db.SaveChangesAsync();
        // Every property set, none to its default, so a column read into the wrong property shows.
        var user = new User
        {
            ChainId = chainId, UsernameScope = chainId, Username = "Jane@Example.com", UsernameNormalized = "jane@example.com", PasswordHash = "hash",
            FirstName = "Jane", LastName = "Smith", Gender = "F", Birthday = new DateTime(1990, 1, 2, 0, 0, 0, DateTimeKind.Utc), MemberNumber = "M-1",
            MemberNumberCustom = true, AuthenticationPointIdentifier = "api-1", AuxiliaryIdentifier = "aux-1", SignupChannel = "app", CountryCode = "NL",
            AddressStreetname = "Street", AddressHousenumber = "1", AddressHousenumberExtension = "a", AddressLine2 = "line 2", AddressLine3 = "line 3",
            AddressTowncity = "Town", AddressRegionstate = "Region", AddressPostalcode = "1234AB", PhoneNumber = "+31", Language = "nl", OptInSecondary = true,
            MailingListSubOffered = true, MailingListSubscribed = true, PrintedMailingListSubscribed = true, ProgrammeOptedIn = true, JoinDate = at.AddDays(1),
            Registered = false, IsEmployee = true, Obfuscated = true, ReferralCode = "ABC123", ReferringUserId = referrer.Id, AffiliateCode = "aff", SignupStoreId = storeId,
            HomeStoreId = storeId, CreatedAt = at.AddDays(2), UpdatedAt = at.AddDays(3),
        };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        var expected = await db.Users.AsNoTracking().SingleAsync(u => u.Id == user.Id);

        User? read = null;
        var batch = new SqlBatch(db);
        MemberSql.AddFind(batch, chainId, MemberSql.Match(new MemberRef(null, null, "M-1", null))!.Value, m => read = m);
        await batch.ReadAsync(CancellationToken.None);

        Assert.NotNull(read);
        foreach (var property in typeof(User).GetProperties())
        {
            Assert.True(Equals(property.GetValue(expected), property.GetValue(read)), $"{property.Name}: {property.GetValue(expected)} read as {property.GetValue(read)}");
        }
        Assert.All(new[] { read!.Birthday, read.JoinDate, read.CreatedAt, read.UpdatedAt }, d => Assert.Equal(DateTimeKind.Utc, d!.Value.Kind));
    }
}
