using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Npgsql;
using Tessera.Server.Data;

namespace Tessera.Server.Features.Webhooks;

/// <summary>
/// Makes the key ring's first key at start-up, once for all servers: on PostgreSQL under an advisory lock, so two
/// servers starting together on a fresh database do not each make a key of their own that the other has not loaded.
/// Later keys are made by Data Protection itself, two days before they are used, which every server reads in time.
/// The command line, which starts no hosted service, calls <see cref="EnsureKeyAsync"/> before it makes a secret.
/// </summary>
internal sealed class WebhookKeyRing(IKeyManager keys, DatabaseSettings database) : IHostedService
{
    private const long AdvisoryLockKey = 0x7765_6268_6f6f_6b; // "webhook"

    public Task StartAsync(CancellationToken cancellationToken) => EnsureKeyAsync(cancellationToken);

    public async Task EnsureKeyAsync(CancellationToken cancellationToken)
    {
        if (database.Provider != DatabaseProvider.Postgres)
        {
            EnsureKey();
            return;
        }
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_lock({AdvisoryLockKey})", connection))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }
        try
        {
            EnsureKey();
        }
        finally
        {
            await using var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({AdvisoryLockKey})", connection);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private void EnsureKey()
    {
        // Data Protection judges its keys by the system clock, not by the server's TimeProvider.
        var now = TimeProvider.System.GetUtcNow();
        if (!keys.GetAllKeys().Any(k => !k.IsRevoked && k.ActivationDate <= now && k.ExpirationDate > now.AddDays(2)))
        {
            keys.CreateNewKey(now, now.AddDays(90));
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
