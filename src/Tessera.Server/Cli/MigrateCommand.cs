using System.CommandLine;
using System.Text.Json.Nodes;
using Tessera.Server.Data;

namespace Tessera.Server.Cli;

/// <summary><c>migrate [--status]</c>: applies the migrations not applied yet (servers also do on start), or only lists them.</summary>
internal static class MigrateCommand
{
    public static Command Create()
    {
        var status = new Option<bool>("--status") { Description = "List the migrations and whether each is applied; apply nothing" };
        var command = CliCommand.Create("migrate", "Apply the database migrations not applied yet (a server also does on start), then list them all.", status);
        command.SetWork(async (parse, services, cancellationToken) =>
        {
            var migrator = services.GetRequiredService<DatabaseMigrator>();
            if (!parse.GetValue(status))
            {
                await migrator.MigrateAsync(cancellationToken: cancellationToken);
            }
            var rows = await migrator.StatusAsync(cancellationToken);
            return CliAnswer.Ok(new JsonArray([.. rows.Select(r => new JsonObject
            {
                ["version"] = r.Version,
                ["name"] = r.Name,
                ["applied"] = r.AppliedAt is not null,
                ["applied_at"] = r.AppliedAt,
            })]));
        }, migrate: false);
        return command;
    }
}
