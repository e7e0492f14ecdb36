using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace Tessera.Server.Data;

/// <summary>
/// When PostgreSQL refuses a new connection because all its slots are taken (53300 too_many_connections, or 57P03
/// while it starts), the open is tried again with a growing pause, within the connection string's <c>Timeout</c>,
/// as a request waits for a free connection of a full pool: a burst of requests larger than the database allows
/// waits for connections instead of failing with 500. Nothing has been sent on a connection that failed to open,
/// so trying again is safe (docs/adr/0029-a-refused-connection-is-waited-for-like-a-pool-slot.md).
/// </summary>
public sealed class ConnectionSlotWait : DbConnectionInterceptor
{
    public static readonly ConnectionSlotWait Instance = new();

    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(10);

    private static readonly TimeSpan LongestPause = TimeSpan.FromMilliseconds(250);

    public override async ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        if (result.IsSuppressed || connection is not NpgsqlConnection)
        {
            return result;
        }
        var wait = new Wait(eventData, Budget(connection));
        while (true)
        {
            try
            {
                await connection.OpenAsync(cancellationToken);
                return InterceptionResult.Suppress();
            }
            catch (PostgresException ex) when (wait.Again(ex) is { } pause)
            {
                await Task.Delay(pause, cancellationToken);
            }
        }
    }

    public override InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        if (result.IsSuppressed || connection is not NpgsqlConnection)
        {
            return result;
        }
        var wait = new Wait(eventData, Budget(connection));
        while (true)
        {
            try
            {
                connection.Open();
                return InterceptionResult.Suppress();
            }
            catch (PostgresException ex) when (wait.Again(ex) is { } pause)
            {
                Thread.Sleep(pause);
            }
        }
    }

    /// <summary>The pauses of one open: doubling from 10 ms to 250 ms, while they fit in the budget.</summary>
    private sealed class Wait(ConnectionEventData eventData, TimeSpan budget)
    {
        private readonly long _started = Stopwatch.GetTimestamp();
        private TimeSpan _pause = FirstPause;

        /// <summary>The pause before trying again, or null when <paramref name="ex"/> is no refusal or the budget is spent.</summary>
        public TimeSpan? Again(PostgresException ex)
        {
            if (!Refused(ex) || Stopwatch.GetElapsedTime(_started) + _pause >= budget)
            {
                return null;
            }
            if (_pause == FirstPause)
            {
                LogRefused(eventData, ex);
            }
            var pause = _pause;
            _pause = _pause * 2 > LongestPause ? LongestPause : _pause * 2;
            return pause;
        }
    }

    private static bool Refused(PostgresException ex) =>
        ex.SqlState is PostgresErrorCodes.TooManyConnections or PostgresErrorCodes.CannotConnectNow;

    private static TimeSpan Budget(DbConnection connection) => TimeSpan.FromSeconds(Math.Max(1, connection.ConnectionTimeout));

    private static void LogRefused(ConnectionEventData eventData, PostgresException ex) =>
        eventData.Context?.GetService<ILoggerFactory>()?.CreateLogger<ConnectionSlotWait>()
            .LogWarning("PostgreSQL refused a connection ({SqlState}: {Reason}); waiting for a free one. The pools of all servers together should fit within max_connections", ex.SqlState, ex.MessageText);
}
