using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tessera.Server.Auth;
using Tessera.Server.Protocol;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Cli;

/// <summary>keys and admins at the command line, checked through the API of a server on the same database.</summary>
[Trait("Category", "Slow")]
public sealed class AdministrationCommandTests
{
    internal static async Task<(TestDatabase Database, string Key)> BootstrapAsync(string engine)
    {
        var database = TestDatabase.Create(engine);
        var boot = await ServerCommand.RunAsync(database, "bootstrap", "--chain-name", "Acme", "--hostname", "acme.example.test",
            "--admin-username", "admin@acme.test", "--admin-password", "secret-password", "--json");
        Assert.True(boot.ExitCode == 0, boot.Stderr);
        using var json = JsonDocument.Parse(boot.Stdout);
        return (database, json.RootElement.GetProperty("privileged_key").GetString()!);
    }

    internal static async Task<JsonElement> JsonAsync(TestDatabase database, string command, params string[] arguments)
    {
        var run = await ServerCommand.RunAsync(database, command, [.. arguments, "--json"]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        return json.RootElement.Clone();
    }

    private static async Task<SpaazaResponse> GetBusinessesAsync(TesseraApp server, string key)
    {
        using var client = server.Client().Bearer(key).App("acme.example.test");
        return await client.GetAsync("/internal/get-businesses", ("chain_id", "1"));
    }

    [Theory, AllEngines]
    public async Task Keys_are_shown_once_listed_without_secrets_and_refused_once_revoked_or_rotated(string engine)
    {
        var (database, bootKey) = await BootstrapAsync(engine);
        var created = await JsonAsync(database, "keys", "create", "--chain-id", "1", "--name", "till");
        var key = created.GetProperty("privileged_key").GetString()!;
        var keyId = created.GetProperty("key_id").GetString()!;
        Assert.StartsWith(keyId + ":", key, StringComparison.Ordinal);
        await using var server = new TesseraApp(database);
        (await GetBusinessesAsync(server, key)).AssertOk("get-businesses");

        var listed = await JsonAsync(database, "keys", "list", "--chain-id", "1");
        Assert.Equal(2, listed.GetArrayLength());
        Assert.DoesNotContain(key.Split(':')[1], listed.GetRawText(), StringComparison.Ordinal);
        Assert.All(listed.EnumerateArray(), k => Assert.False(k.TryGetProperty("privileged_key", out _)));
        await using (var db = database.NewContext())
        {
            // Only the secret's hash is stored.
            Assert.Equal(Secrets.Hash(key.Split(':')[1]), await db.ApiClients.Where(c => c.KeyId == keyId).Select(c => c.SecretHash).SingleAsync());
        }

        var rotated = (await JsonAsync(database, "keys", "rotate", "--chain-id", "1", "--key-id", keyId)).GetProperty("privileged_key").GetString()!;
        server.Clock.Advance(ApiClientDirectory.MaxAge + TimeSpan.FromSeconds(1));
        (await GetBusinessesAsync(server, key)).AssertError(ErrorCodes.AccessTokenInvalid);
        (await GetBusinessesAsync(server, rotated)).AssertOk("get-businesses");

        var revoked = await JsonAsync(database, "keys", "revoke", "--chain-id", "1", "--key-id", keyId);
        Assert.False(revoked.GetProperty("active").GetBoolean());
        server.Clock.Advance(ApiClientDirectory.MaxAge + TimeSpan.FromSeconds(1));
        (await GetBusinessesAsync(server, rotated)).AssertError(ErrorCodes.AccessTokenInvalid);
        // The other key of the chain still works.
        (await GetBusinessesAsync(server, bootKey)).AssertOk("get-businesses");
    }

    [Theory, AllEngines]
    public async Task Admins_added_granted_and_revoked_at_the_command_line_hold_exactly_those_permissions(string engine)
    {
        var (database, _) = await BootstrapAsync(engine);

        var added = await JsonAsync(database, "admins", "add", "--chain-id", "1", "--username", "Staff@Acme.test", "--password", "staff-secret", "--permissions", "read");
        var granted = await JsonAsync(database, "admins", "grant", "--chain-id", "1", "--username", "staff@acme.test", "--permissions", "write,assign");
        var revoked = await JsonAsync(database, "admins", "revoke", "--chain-id", "1", "--username", "staff@acme.test", "--permissions", "read,assign");
        var lastSuperUser = await ServerCommand.RunAsync(database, "admins", "revoke", "--chain-id", "1", "--username", "admin@acme.test", "--permissions", "super-user");

        Assert.Equal("staff@acme.test", added.GetProperty("username").GetString());
        var permission = granted.GetProperty("permissions")[0];
        Assert.Equal((true, true, true, false, false), (permission.GetProperty("read").GetBoolean(), permission.GetProperty("write").GetBoolean(),
            permission.GetProperty("assign").GetBoolean(), permission.GetProperty("delete").GetBoolean(), permission.GetProperty("super_user").GetBoolean()));
        Assert.Equal(1, lastSuperUser.ExitCode);
        Assert.Contains("a chain keeps at least one super user", lastSuperUser.Stderr, StringComparison.Ordinal);
        await using var db = database.NewContext();
        var rows = await db.AdminPermissions.AsNoTracking().Where(p => p.UserId == revoked.GetProperty("user_id").GetInt32()).ToListAsync();
        var row = Assert.Single(rows);
        Assert.Equal((false, true, false, false, false), (row.CanRead, row.CanWrite, row.CanAssign, row.CanDelete, row.IsSuperUser));
        Assert.True(await db.AdminPermissions.AnyAsync(p => p.UserId == 1 && p.IsSuperUser));

        // The new admin logs in with the password given, and write lets it read.
        await using var server = new TesseraApp(database);
        using var client = server.Client();
        (await client.PostAsync("/auth/login", ("username", "staff@acme.test"), ("password", "staff-secret"))).AssertOk("login");
    }
}
