using System.Text.Json;
using Microsoft.Data.Sqlite;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Cli;

/// <summary>backup: a copy of the database, made while it is in use, that opens with the data.</summary>
[Trait("Category", "Slow")]
public sealed class BackupCommandTests
{
    [Fact]
    public async Task Backup_of_sqlite_is_a_database_that_opens_with_the_data()
    {
        await using var server = new TesseraApp(Engines.Sqlite);
        var chain = await server.BootstrapAsync();
        var member = await chain.AddMemberAsync(memberNumber: "B-1");
        var file = Path.Combine(Path.GetTempPath(), "tessera-cli-tests", $"{Guid.NewGuid():N}.backup.db");

        var run = await ServerCommand.RunAsync(server.Database, "backup", "--output", file, "--json");

        Assert.True(run.ExitCode == 0, run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal(file, json.RootElement.GetProperty("file").GetString());
        await using var copy = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        await copy.OpenAsync();
        await using var command = copy.CreateCommand();
        command.CommandText = "SELECT username FROM users WHERE member_number = 'B-1'";
        Assert.Equal(member.Username, await command.ExecuteScalarAsync());
        var again = await ServerCommand.RunAsync(server.Database, "backup", "--output", file);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("exists", again.Stderr, StringComparison.Ordinal);
    }

    [PostgresTheory, PostgresEngine]
    public async Task Backup_of_postgres_runs_pg_dump_into_a_custom_format_file(string engine)
    {
        await using var server = new TesseraApp(engine);
        await server.BootstrapAsync();
        var file = Path.Combine(Path.GetTempPath(), "tessera-cli-tests", $"{Guid.NewGuid():N}.dump");

        var run = await ServerCommand.RunAsync(server.Database, "backup", "--output", file, "--json");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("PGDMP"u8.ToArray(), (await File.ReadAllBytesAsync(file))[..5]);
    }
}
