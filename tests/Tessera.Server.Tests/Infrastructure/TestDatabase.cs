using Microsoft.EntityFrameworkCore;
using Npgsql;
using Tessera.Server.Data;

namespace Tessera.Server.Tests.Infrastructure;

/// <summary>A fresh, empty database of one engine, removed at the end of the test run.</summary>
public sealed class TestDatabase
{
    private static readonly List<TestDatabase> Created = [];

    /// <summary>PostgreSQL test databases are named tessera_test_{unix seconds}_{guid}: see <see cref="DropStale"/>.</summary>
    private const string Prefix = "tessera_test_";

    static TestDatabase()
    {
        DropStale();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DropAll();
    }

    private TestDatabase(string engine, string connectionString, string name)
    {
        Engine = engine;
        ConnectionString = connectionString;
        Name = name;
    }

    public string Engine { get; }

    public string ConnectionString { get; }

    /// <summary>The SQLite file or the PostgreSQL database name.</summary>
    public string Name { get; }

    public string Provider => Engine == Engines.Postgres ? "postgres" : "sqlite";

    /// <summary>A context on this database, configured as the server configures its own (no server around it).</summary>
    public TesseraDbContext NewContext()
    {
        var options = new DbContextOptionsBuilder<TesseraDbContext>();
        new DatabaseSettings(Engine == Engines.Postgres ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite, ConnectionString).Configure(options);
        return new TesseraDbContext(options.Options);
    }

    /// <summary>
    /// This database as another server process reaches it: on PostgreSQL with an application name of its own, so its
    /// connections are a pool of their own (Npgsql pools by connection string). Not dropped by itself.
    /// </summary>
    public TestDatabase ForServer(string applicationName) => Engine == Engines.Postgres
        ? new TestDatabase(Engine, new NpgsqlConnectionStringBuilder(ConnectionString) { ApplicationName = applicationName }.ToString(), Name)
        : this;

    public static TestDatabase Create(string engine)
    {
        TestDatabase db;
        if (engine == Engines.Postgres)
        {
            var admin = Engines.PostgresConnectionString ?? throw new InvalidOperationException("TESSERA_TEST_POSTGRES is not set.");
            var name = $"{Prefix}{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}_{Guid.NewGuid():N}";
            using (var connection = new NpgsqlConnection(admin))
            {
                connection.Open();
                using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
                command.ExecuteNonQuery();
            }
            // The whole suite shares one PostgreSQL, whose default is 100 connections (CI's): each test database's pool stays
            // small, and gives back idle connections soon, so parallel test classes never ask for more than the server has.
            // A burst of parallel requests waits for a pooled connection instead; 20 still race each other.
            var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name, MaxPoolSize = 20, ConnectionIdleLifetime = 15 };
            db = new TestDatabase(engine, builder.ToString(), name);
        }
        else
        {
            var file = Path.Combine(Path.GetTempPath(), "tessera-tests", $"{Guid.NewGuid():N}.db");
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            db = new TestDatabase(engine, $"Data Source={file}", file);
        }
        lock (Created)
        {
            Created.Add(db);
        }
        return db;
    }

    /// <summary>
    /// The test host may be stopped before <see cref="DropAll"/> is through: databases of runs that started more
    /// than six hours ago (and the unstamped ones of older versions) are dropped when a run begins.
    /// </summary>
    private static void DropStale()
    {
        if (Engines.PostgresConnectionString is not { } admin)
        {
            return;
        }
        try
        {
            using var connection = new NpgsqlConnection(admin);
            connection.Open();
            var stale = new List<string>();
            using (var list = new NpgsqlCommand("SELECT datname FROM pg_database WHERE datname LIKE 'tessera\\_test\\_%'", connection))
            using (var reader = list.ExecuteReader())
            {
                var cutoff = DateTimeOffset.UtcNow.AddHours(-6).ToUnixTimeSeconds();
                while (reader.Read())
                {
                    var name = reader.GetString(0);
                    var stamp = name[Prefix.Length..].Split('_')[0];
                    if (!long.TryParse(stamp, out var created) || stamp.Length != 10 || created < cutoff)
                    {
                        stale.Add(name);
                    }
                }
            }
            foreach (var name in stale)
            {
                using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
                drop.ExecuteNonQuery();
            }
        }
        catch (NpgsqlException)
        {
            // Best effort, like DropAll.
        }
    }

    /// <summary>Removes this database now (its server is gone), rather than at the end of the run.</summary>
    public void Drop()
    {
        lock (Created)
        {
            Created.Remove(this);
        }
        if (Engine == Engines.Postgres)
        {
            NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionString));
        }
        else
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearPool(new Microsoft.Data.Sqlite.SqliteConnection(ConnectionString));
        }
        Remove();
    }

    private static void DropAll()
    {
        NpgsqlConnection.ClearAllPools();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        lock (Created)
        {
            foreach (var db in Created)
            {
                db.Remove();
            }
        }
    }

    private void Remove()
    {
        try
        {
            if (Engine == Engines.Postgres)
            {
                using var connection = new NpgsqlConnection(Engines.PostgresConnectionString);
                connection.Open();
                using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
                command.ExecuteNonQuery();
            }
            else
            {
                foreach (var suffix in new[] { "", "-wal", "-shm" })
                {
                    File.Delete(Name + suffix);
                }
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException)
        {
            // Best effort: a leftover test database is harmless (and dropped by a later run, see DropStale).
        }
    }
}
