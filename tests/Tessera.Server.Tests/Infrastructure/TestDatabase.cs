using Npgsql;

namespace Tessera.Server.Tests.Infrastructure;

/// <summary>A fresh, empty database of one engine, removed at the end of the test run.</summary>
public sealed class TestDatabase
{
    private static readonly List<TestDatabase> Created = [];

    static TestDatabase() => AppDomain.CurrentDomain.ProcessExit += (_, _) => DropAll();

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

    public static TestDatabase Create(string engine)
    {
        TestDatabase db;
        if (engine == Engines.Postgres)
        {
            var admin = Engines.PostgresConnectionString ?? throw new InvalidOperationException("TESSERA_TEST_POSTGRES is not set.");
            var name = $"tessera_test_{Guid.NewGuid():N}";
            using (var connection = new NpgsqlConnection(admin))
            {
                connection.Open();
                using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
                command.ExecuteNonQuery();
            }
            var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name, MaxPoolSize = 50 };
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

    private static void DropAll()
    {
        NpgsqlConnection.ClearAllPools();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        lock (Created)
        {
            foreach (var db in Created)
            {
                try
                {
                    if (db.Engine == Engines.Postgres)
                    {
                        using var connection = new NpgsqlConnection(Engines.PostgresConnectionString);
                        connection.Open();
                        using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {db.Name} WITH (FORCE)", connection);
                        command.ExecuteNonQuery();
                    }
                    else
                    {
                        foreach (var suffix in new[] { "", "-wal", "-shm" })
                        {
                            File.Delete(db.Name + suffix);
                        }
                    }
                }
                catch (Exception ex) when (ex is NpgsqlException or IOException)
                {
                    // Best effort: a leftover test database is harmless.
                }
            }
        }
    }
}
