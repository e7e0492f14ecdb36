using Microsoft.EntityFrameworkCore;
using Tessera.Domain.Reference;
using Tessera.Server.Auth;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;
using Tessera.Server.Features.Administration;

namespace Tessera.Server.Cli;

/// <summary>
/// Creates a retailer in one transaction: the chain, its app (found by hostname), a super-user admin
/// and a privileged API client. Used by the <c>bootstrap</c> command and by the tests.
/// </summary>
public sealed class ChainBootstrapper(TesseraDbContext db, Passwords passwords, TimeProvider clock)
{
    /// <summary>The result, or a one-line reason why nothing was created.</summary>
    public async Task<(BootstrapResult? Result, string? Error)> BootstrapAsync(BootstrapRequest request, CancellationToken cancellationToken = default)
    {
        var chainName = request.ChainName.Trim();
        if (chainName.Length is 0 or > 128)
        {
            return (null, "--chain-name must be 1 to 128 characters.");
        }
        if (AdministrationService.NormalizeHostname(request.Hostname) is not { } hostname)
        {
            return (null, $"--hostname '{request.Hostname}' is not a valid host name.");
        }
        if (AdministrationService.NormalizeAdminUsername(request.AdminUsername) is not { } username)
        {
            return (null, $"--admin-username '{request.AdminUsername}' is not a valid email address.");
        }
        if (request.AdminPassword.Length < AdministrationService.MinimumPasswordLength)
        {
            return (null, "--admin-password must be 6 characters or more.");
        }
        if (Currencies.FindByCode(request.Currency) is not { } currency)
        {
            return (null, $"--currency '{request.Currency}' is not a supported ISO-4217 code.");
        }
        if (await db.Apps.AnyAsync(a => a.Hostname == hostname, cancellationToken))
        {
            return (null, $"An app with hostname '{hostname}' already exists.");
        }
        if (await db.Users.AnyAsync(u => u.UsernameScope == 0 && u.UsernameNormalized == username, cancellationToken))
        {
            return (null, $"An admin with username '{username}' already exists.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            var chain = new Chain { Name = chainName, CurrencyId = currency.Id, CreatedAt = now };
            db.Chains.Add(chain);
            await db.SaveChangesAsync(cancellationToken);
            var admin = AdministrationService.NewAdmin(chain.Id, username, passwords.Hash(request.AdminPassword), now);
            db.Apps.Add(new App { ChainId = chain.Id, Hostname = hostname, Name = chainName, CreatedAt = now });
            db.Users.Add(admin);
            var (client, key) = AdministrationService.NewClient(chain.Id, $"{chainName} privileged client", now);
            db.ApiClients.Add(client);
            await db.SaveChangesAsync(cancellationToken);
            db.AdminPermissions.Add(new AdminPermission
            {
                UserId = admin.Id,
                ChainId = chain.Id,
                CanRead = true,
                CanWrite = true,
                CanAssign = true,
                CanDelete = true,
                IsSuperUser = true,
            });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return (new BootstrapResult(chain.Id, hostname, admin.Id, key), null);
        }
        catch (DbUpdateException)
        {
            // Another bootstrap took the hostname or username between the checks and the insert.
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return (null, $"The hostname '{hostname}' or the admin username '{username}' already exists.");
        }
    }
}
