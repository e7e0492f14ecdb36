using System.Reflection;
using Xunit;
using Xunit.Sdk;

namespace Tessera.Server.Tests.Infrastructure;

/// <summary>
/// Runs a theory once per database engine: SQLite always, PostgreSQL when
/// <c>TESSERA_TEST_POSTGRES</c> holds a connection string (of a role that may create databases).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AllEnginesAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => Engines.All.Select(e => new object[] { e });
}

/// <summary>
/// Runs a theory on PostgreSQL only, when <c>TESSERA_TEST_POSTGRES</c> is set (for what only it has: advisory locks,
/// command timeouts, commit settings); skipped otherwise, so a plain <c>dotnet test</c> without PostgreSQL passes.
/// Use as <c>[PostgresTheory, PostgresEngine]</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        if (Engines.PostgresConnectionString is null)
        {
            Skip = "PostgreSQL only: TESSERA_TEST_POSTGRES is not set";
        }
    }
}

/// <summary>The PostgreSQL engine as a theory's data (with <see cref="PostgresTheoryAttribute"/>).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresEngineAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[Engines.Postgres]];
}

public static class Engines
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    public static string? PostgresConnectionString =>
        Environment.GetEnvironmentVariable("TESSERA_TEST_POSTGRES") is { Length: > 0 } cs ? cs : null;

    public static IReadOnlyList<string> All => PostgresConnectionString is null ? [Sqlite] : [Sqlite, Postgres];
}
