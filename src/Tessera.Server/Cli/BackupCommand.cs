using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Npgsql;
using Tessera.Server.Data;

namespace Tessera.Server.Cli;

/// <summary>
/// <c>backup --output FILE</c>: SQLite, an online copy through SQLite's backup API (consistent while servers keep writing);
/// PostgreSQL, <c>pg_dump --format=custom</c> when it is on the PATH (restore with <c>pg_restore</c>), otherwise a refusal
/// that says so. See docs/cli.md.
/// </summary>
internal static class BackupCommand
{
    public static Command Create()
    {
        var output = new Option<FileInfo>("--output") { Description = "The file to write (refused when it exists)", Required = true };
        var command = CliCommand.Create("backup",
            "Back the database up to a file while servers run: SQLite through its online backup API, PostgreSQL through pg_dump (custom format).", output);
        command.SetWork(async (parse, services, ct) =>
        {
            var file = parse.GetValue(output)!;
            if (file.Exists)
            {
                return CliAnswer.Refuse($"{file.FullName} exists; choose a new file");
            }
            var settings = services.GetRequiredService<DatabaseSettings>();
            var watch = Stopwatch.StartNew();
            var refusal = settings.Provider == DatabaseProvider.Sqlite
                ? BackupSqlite(settings.ConnectionString, file.FullName)
                : await PgDumpAsync(settings.ConnectionString, file.FullName, ct);
            if (refusal is not null)
            {
                return CliAnswer.Refuse(refusal);
            }
            file.Refresh();
            return CliAnswer.Ok(new JsonObject
            {
                ["provider"] = settings.Provider == DatabaseProvider.Sqlite ? "sqlite" : "postgres",
                ["file"] = file.FullName,
                ["bytes"] = file.Length,
                ["seconds"] = Math.Round(watch.Elapsed.TotalSeconds, 2),
            });
        });
        return command;
    }

    private static string? BackupSqlite(string connectionString, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var source = new SqliteConnection(connectionString);
        source.Open();
        using var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        destination.Open();
        source.BackupDatabase(destination);
        return null;
    }

    private static async Task<string?> PgDumpAsync(string connectionString, string path, CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo("pg_dump") { UseShellExecute = false, RedirectStandardError = true };
        foreach (var argument in new[] { "--format=custom", "--no-owner", $"--file={path}", $"--host={builder.Host}", $"--port={builder.Port}", $"--username={builder.Username}", $"--dbname={builder.Database}" })
        {
            start.ArgumentList.Add(argument);
        }
        if (builder.Password is { } password)
        {
            start.Environment["PGPASSWORD"] = password;
        }
        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            process = null;
        }
        if (process is null)
        {
            return "PostgreSQL is backed up with pg_dump, which is not on the PATH: install the PostgreSQL client tools, or run pg_dump --format=custom yourself (see docs/cli.md)";
        }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            return process.ExitCode == 0 ? null : $"pg_dump failed: {(await stderr).Trim().ReplaceLineEndings(" ")}";
        }
    }
}
