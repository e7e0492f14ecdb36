using System.CommandLine;
using System.Text.Json;
using Tessera.Server.Features.Import;
using Tessera.Server.Protocol;

namespace Tessera.Server.Cli;

/// <summary>
/// <c>import members|balances --chain-id ID --file FILE.csv [--dry-run] [--rejects FILE]</c>: members and opening balances
/// from another system, idempotent (on the member number; one opening balance per member and wallet), with progress on
/// stderr and the rejected rows in a CSV file next to the input. See docs/cli.md.
/// </summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var import = new Command("import", "Import members or opening balances from a CSV file; running it again changes nothing.");
        var chainId = AdminsCommand.ChainIdOption();
        var file = new Option<FileInfo>("--file") { Description = "The CSV file (a header row naming the columns)", Required = true };
        file.AcceptExistingOnly();
        var dryRun = new Option<bool>("--dry-run") { Description = "Report what would change; write nothing (but the rejects file)" };
        var rejectsPath = new Option<string?>("--rejects") { Description = "Where to list the rejected rows (default: FILE.rejected.csv next to the input)" };
        var batchSize = new Option<int>("--batch-size") { Description = "Rows per transaction", DefaultValueFactory = _ => 2000 };

        var members = CliCommand.Create("members",
            "Import members: the columns are add-user's parameters (username and member_number required); a member number the chain has is left as it is.",
            chainId, file, dryRun, rejectsPath, batchSize);
        members.SetWork(async (parse, services, ct) =>
        {
            var path = parse.GetValue(file)!.FullName;
            var importer = services.GetRequiredService<MemberImporter>();
            var outcome = await ImportProgress.RunAsync("members", path, progress => importer.ImportAsync(
                new ImportRequest(parse.GetValue(chainId), path, parse.GetValue(dryRun), parse.GetValue(rejectsPath), Math.Max(1, parse.GetValue(batchSize)), progress), ct));
            return Answer(outcome);
        });
        import.Subcommands.Add(members);

        var points = new Option<int?>("--points-campaign-id") { Description = "The points wallet campaign (default: the chain's only one)" };
        var wallet = new Option<int?>("--wallet-campaign-id") { Description = "The wallet campaign (default: the chain's only one)" };
        var logMessage = new Option<string>("--log-message") { Description = "The ledger entries' log message", DefaultValueFactory = _ => BalanceImporter.DefaultLogMessage };
        var balances = CliCommand.Create("balances",
            "Import opening balances: columns member_number and points and/or wallet (12.50); one ledger entry per member and wallet, once.",
            chainId, file, points, wallet, logMessage, dryRun, rejectsPath, batchSize);
        balances.SetWork(async (parse, services, ct) =>
        {
            var path = parse.GetValue(file)!.FullName;
            var importer = services.GetRequiredService<BalanceImporter>();
            var outcome = await ImportProgress.RunAsync("balances", path, progress => importer.ImportAsync(
                new ImportRequest(parse.GetValue(chainId), path, parse.GetValue(dryRun), parse.GetValue(rejectsPath), Math.Max(1, parse.GetValue(batchSize)), progress),
                [parse.GetValue(points), parse.GetValue(wallet)], parse.GetValue(logMessage)!, ct));
            return Answer(outcome);
        });
        import.Subcommands.Add(balances);
        return import;
    }

    private static CliAnswer Answer(Outcome<ImportReport> outcome) => CliAnswer.From(outcome, ImportJson.Default.ImportReport);
}
