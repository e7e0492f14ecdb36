using System.Globalization;
using System.Net.Mail;
using Microsoft.EntityFrameworkCore;
using Tessera.Server.Auth;
using Tessera.Server.Data;
using Tessera.Server.Data.Entities;
using Tessera.Server.Features.Sessions;
using Tessera.Server.Protocol;

namespace Tessera.Server.Features.Administration;

/// <summary>
/// A chain's apps, privileged keys and admins: what the CLI (<c>apps</c>, <c>keys</c>, <c>admins</c>) and the
/// administration calls (<c>/internal/add-admin</c>…) both do, through this one service. The caller has already been
/// allowed (a super user of the chain, or an operator at the command line). An admin belongs to one chain (its
/// <see cref="User.ChainId"/>) and is managed through that chain only. See docs/adr/0041-privileged-keys-and-admins.md.
/// </summary>
public sealed class AdministrationService(TesseraDbContext db, Passwords passwords, ApiClientDirectory clients, TimeProvider clock)
{
    public const int MinimumPasswordLength = 6; // spec code 2: passwords of 6 characters or more

    /// <summary>The host name in lower case, or null when it is not a DNS name.</summary>
    public static string? NormalizeHostname(string? hostname)
    {
        var host = (hostname ?? "").Trim().ToLowerInvariant();
        return host.Length is 0 or > 253 || Uri.CheckHostName(host) != UriHostNameType.Dns ? null : host;
    }

    /// <summary>The admin username normalised as at login, or null when it is not an email address.</summary>
    public static string? NormalizeAdminUsername(string? username)
    {
        var normalized = SessionService.NormalizeUsername(username ?? "");
        return normalized.Length > 255 || !MailAddress.TryCreate(normalized, out var mail) || mail.Address != normalized ? null : normalized;
    }

    /// <summary>A new privileged client of the chain and its key (<c>KEYID:SECRET</c>), of which only the secret's hash is kept.</summary>
    public static (ApiClient Client, string Key) NewClient(int chainId, string name, DateTime now)
    {
        var keyId = Secrets.NewKey(24);
        var secret = Secrets.NewKey();
        return (new ApiClient { ChainId = chainId, KeyId = keyId, SecretHash = Secrets.Hash(secret), Name = name, CreatedAt = now }, $"{keyId}:{secret}");
    }

    /// <summary>A new admin of the chain with a password already hashed; the caller adds its permissions.</summary>
    public static User NewAdmin(int chainId, string normalizedUsername, string passwordHash, DateTime now) => new()
    {
        IsAdmin = true,
        ChainId = chainId,
        UsernameScope = 0,
        Username = normalizedUsername,
        UsernameNormalized = normalizedUsername,
        PasswordHash = passwordHash,
        Registered = true,
        CreatedAt = now,
        UpdatedAt = now,
    };

    public async Task<Outcome<AppView>> AddAppAsync(int chainId, string hostname, string? name, CancellationToken cancellationToken)
    {
        if (await MissingChainAsync(chainId, cancellationToken) is { } missing)
        {
            return missing;
        }
        if (NormalizeHostname(hostname) is not { } host)
        {
            return ErrorCodes.ParameterInvalid.With($"hostname '{hostname}' is not a valid host name");
        }
        var app = new App { ChainId = chainId, Hostname = host, Name = string.IsNullOrWhiteSpace(name) ? host : name.Trim(), CreatedAt = clock.GetUtcNow().UtcDateTime };
        db.Apps.Add(app);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return ErrorCodes.ParameterInvalid.With($"an app with hostname '{host}' already exists");
        }
        return View(app);
    }

    public async Task<Outcome<List<AppView>>> ListAppsAsync(int chainId, CancellationToken cancellationToken)
    {
        if (await MissingChainAsync(chainId, cancellationToken) is { } missing)
        {
            return missing;
        }
        var apps = await db.Apps.AsNoTracking().Where(a => a.ChainId == chainId).OrderBy(a => a.Id).ToListAsync(cancellationToken);
        return apps.Select(View).ToList();
    }

    public async Task<Outcome<IssuedKey>> CreateKeyAsync(int chainId, string? name, CancellationToken cancellationToken)
    {
        if (await MissingChainAsync(chainId, cancellationToken) is { } missing)
        {
            return missing;
        }
        var (client, key) = NewClient(chainId, string.IsNullOrWhiteSpace(name) ? "privileged client" : name.Trim(), clock.GetUtcNow().UtcDateTime);
        db.ApiClients.Add(client);
        await db.SaveChangesAsync(cancellationToken);
        return Issued(client, key);
    }

    public async Task<Outcome<List<PrivilegedKeyView>>> ListKeysAsync(int chainId, CancellationToken cancellationToken)
    {
        if (await MissingChainAsync(chainId, cancellationToken) is { } missing)
        {
            return missing;
        }
        var keys = await db.ApiClients.AsNoTracking().Where(c => c.ChainId == chainId).OrderBy(c => c.Id).ToListAsync(cancellationToken);
        return keys.Select(View).ToList();
    }

    /// <summary>Deactivates the key: refused at once by this server, by others within <see cref="ApiClientDirectory.MaxAge"/>.</summary>
    public async Task<Outcome<PrivilegedKeyView>> RevokeKeyAsync(int chainId, string keyId, CancellationToken cancellationToken)
    {
        var client = await FindKeyAsync(chainId, keyId, cancellationToken);
        if (client.Failure is { } failure)
        {
            return failure;
        }
        client.Value!.Active = false;
        await db.SaveChangesAsync(cancellationToken);
        clients.Forget(client.Value.KeyId);
        return View(client.Value);
    }

    /// <summary>A new secret for an active key (same key id); the old secret is refused as a revoked key is.</summary>
    public async Task<Outcome<IssuedKey>> RotateKeyAsync(int chainId, string keyId, CancellationToken cancellationToken)
    {
        var found = await FindKeyAsync(chainId, keyId, cancellationToken);
        if (found.Failure is { } failure)
        {
            return failure;
        }
        var client = found.Value!;
        if (!client.Active)
        {
            return ErrorCodes.UpdateNotPermitted.With($"the key '{client.KeyId}' is revoked; create a new one");
        }
        var secret = Secrets.NewKey();
        client.SecretHash = Secrets.Hash(secret);
        await db.SaveChangesAsync(cancellationToken);
        clients.Forget(client.KeyId);
        return Issued(client, $"{client.KeyId}:{secret}");
    }

    public async Task<Outcome<AdminView>> AddAdminAsync(int chainId, string username, string password, PermissionSet permissions, int? businessId, CancellationToken cancellationToken)
    {
        if (await MissingChainAsync(chainId, cancellationToken) is { } missing)
        {
            return missing;
        }
        if (NormalizeAdminUsername(username) is not { } normalized)
        {
            return ErrorCodes.UsernameInvalid;
        }
        if (password.Length < MinimumPasswordLength)
        {
            return ErrorCodes.PasswordInvalid;
        }
        if (await MissingBusinessAsync(chainId, businessId, cancellationToken) is { } noBusiness)
        {
            return noBusiness;
        }
        if (await db.Users.AnyAsync(u => u.UsernameScope == 0 && u.UsernameNormalized == normalized, cancellationToken))
        {
            return ErrorCodes.UserAlreadyExists.With($"an admin with username '{normalized}' already exists");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var admin = NewAdmin(chainId, normalized, await passwords.HashAsync(password), now);
        db.Users.Add(admin);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return ErrorCodes.UserAlreadyExists.With($"an admin with username '{normalized}' already exists");
        }
        var row = new AdminPermission { UserId = admin.Id, ChainId = chainId, BusinessId = businessId };
        permissions.Grant(row);
        db.AdminPermissions.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await ViewAsync(admin, cancellationToken);
    }

    public async Task<Outcome<List<AdminView>>> ListAdminsAsync(int chainId, CancellationToken cancellationToken)
    {
        if (await MissingChainAsync(chainId, cancellationToken) is { } missing)
        {
            return missing;
        }
        var admins = await db.Users.AsNoTracking().Where(u => u.IsAdmin && u.ChainId == chainId).OrderBy(u => u.Id).ToListAsync(cancellationToken);
        var ids = admins.Select(a => a.Id).ToList();
        var rows = await db.AdminPermissions.AsNoTracking().Where(p => ids.Contains(p.UserId) && p.ChainId == chainId).ToListAsync(cancellationToken);
        return admins.Select(a => View(a, rows.Where(r => r.UserId == a.Id))).ToList();
    }

    public async Task<Outcome<AdminView>> GrantAsync(int chainId, string username, PermissionSet permissions, int? businessId, CancellationToken cancellationToken)
    {
        var admin = await FindAdminAsync(chainId, username, cancellationToken);
        if (admin.Failure is { } failure)
        {
            return failure;
        }
        if (await MissingBusinessAsync(chainId, businessId, cancellationToken) is { } noBusiness)
        {
            return noBusiness;
        }
        var userId = admin.Value!.Id;
        var row = await db.AdminPermissions.FirstOrDefaultAsync(p => p.UserId == userId && p.ChainId == chainId && p.BusinessId == businessId, cancellationToken);
        if (row is null)
        {
            row = new AdminPermission { UserId = userId, ChainId = chainId, BusinessId = businessId };
            db.AdminPermissions.Add(row);
        }
        permissions.Grant(row);
        await db.SaveChangesAsync(cancellationToken);
        return await ViewAsync(admin.Value, cancellationToken);
    }

    /// <summary>Takes permissions away (the row goes when none is left); refused when the chain would be left without a super user.</summary>
    public async Task<Outcome<AdminView>> RevokeAsync(int chainId, string username, PermissionSet permissions, int? businessId, CancellationToken cancellationToken)
    {
        var admin = await FindAdminAsync(chainId, username, cancellationToken);
        if (admin.Failure is { } failure)
        {
            return failure;
        }
        var userId = admin.Value!.Id;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var row = await db.AdminPermissions.FirstOrDefaultAsync(p => p.UserId == userId && p.ChainId == chainId && p.BusinessId == businessId, cancellationToken);
        if (row is null)
        {
            return ErrorCodes.PermissionDeniedOrNonExistent.With(businessId is null ? "the admin holds no chain-wide permission" : "the admin holds no permission on that branch");
        }
        permissions.Revoke(row);
        if (PermissionSet.HoldsNone(row))
        {
            db.AdminPermissions.Remove(row);
        }
        await db.SaveChangesAsync(cancellationToken);
        if (!await db.AdminPermissions.AnyAsync(p => p.ChainId == chainId && p.BusinessId == null && p.IsSuperUser, cancellationToken))
        {
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return ErrorCodes.UpdateNotPermitted.With("a chain keeps at least one super user");
        }
        await transaction.CommitAsync(cancellationToken);
        return await ViewAsync(admin.Value, cancellationToken);
    }

    /// <summary>Sets the password (a generated one when none is given, shown once) and ends the admin's sessions.</summary>
    public async Task<Outcome<AdminPasswordReset>> ResetPasswordAsync(int chainId, string username, string? password, CancellationToken cancellationToken)
    {
        var found = await FindAdminAsync(chainId, username, cancellationToken);
        if (found.Failure is { } failure)
        {
            return failure;
        }
        if (password is not null && password.Length < MinimumPasswordLength)
        {
            return ErrorCodes.PasswordInvalid;
        }
        var generated = password is null ? Secrets.NewKey(20) : null;
        var admin = found.Value!;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        admin.PasswordHash = await passwords.HashAsync(password ?? generated!);
        admin.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        var ended = await db.Sessions.Where(s => s.UserId == admin.Id).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new AdminPasswordReset(admin.Id, admin.Username, generated, ended);
    }

    private async Task<ApiFailure?> MissingChainAsync(int chainId, CancellationToken cancellationToken) =>
        await db.Chains.AnyAsync(c => c.Id == chainId, cancellationToken)
            ? null
            : ErrorCodes.PermissionDeniedOrNonExistent.With($"no chain has id {chainId.ToString(CultureInfo.InvariantCulture)}");

    private async Task<ApiFailure?> MissingBusinessAsync(int chainId, int? businessId, CancellationToken cancellationToken) =>
        businessId is not { } id || await db.Businesses.AnyAsync(b => b.Id == id && b.ChainId == chainId, cancellationToken)
            ? null
            : ErrorCodes.BusinessIdNotFound.With("business_id is not a branch of this chain");

    private async Task<Outcome<ApiClient>> FindKeyAsync(int chainId, string keyId, CancellationToken cancellationToken)
    {
        // A whole key (KEYID:SECRET) pasted in names its key id.
        var id = keyId.Split(':')[0].Trim().ToLowerInvariant();
        var client = await db.ApiClients.FirstOrDefaultAsync(c => c.ChainId == chainId && c.KeyId == id, cancellationToken);
        return client is null ? ErrorCodes.PermissionDeniedOrNonExistent.With($"the chain has no privileged key '{id}'") : client;
    }

    private async Task<Outcome<User>> FindAdminAsync(int chainId, string username, CancellationToken cancellationToken)
    {
        var normalized = SessionService.NormalizeUsername(username);
        var admin = await db.Users.FirstOrDefaultAsync(u => u.UsernameScope == 0 && u.UsernameNormalized == normalized && u.IsAdmin && u.ChainId == chainId, cancellationToken);
        return admin is null ? ErrorCodes.UserNotFound.With($"the chain has no admin '{normalized}'") : admin;
    }

    private async Task<AdminView> ViewAsync(User admin, CancellationToken cancellationToken)
    {
        var rows = await db.AdminPermissions.AsNoTracking().Where(p => p.UserId == admin.Id && p.ChainId == admin.ChainId).ToListAsync(cancellationToken);
        return View(admin, rows);
    }

    private static AdminView View(User admin, IEnumerable<AdminPermission> rows) =>
        new(admin.Id, admin.Username, admin.ChainId, [.. rows.OrderBy(r => r.BusinessId ?? 0).Select(r =>
            new PermissionView(r.ChainId, r.BusinessId, r.CanRead, r.CanWrite, r.CanAssign, r.CanDelete, r.IsSuperUser))]);

    private static AppView View(App app) => new(app.Id, app.ChainId, app.Hostname, app.Name, app.MemberNumberMax, SpaazaDates.Iso(app.CreatedAt));

    private static PrivilegedKeyView View(ApiClient client) => new(client.Id, client.ChainId, client.KeyId, client.Name, client.Active, SpaazaDates.Iso(client.CreatedAt));

    private static IssuedKey Issued(ApiClient client, string key) =>
        new(client.Id, client.ChainId, client.KeyId, client.Name, client.Active, SpaazaDates.Iso(client.CreatedAt), key);
}
