using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tessera.Server.Tests.Campaigns;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Cli;

/// <summary>import members and import balances: valid as add-user, idempotent, dry runs write nothing, rejects reported.</summary>
[Trait("Category", "Slow")]
public sealed class ImportCommandTests
{
    private static async Task<JsonElement> ImportAsync(TestDatabase database, params string[] arguments)
    {
        var run = await ServerCommand.RunAsync(database, "import", [.. arguments, "--json"]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        return json.RootElement.Clone();
    }

    private static readonly string CountryCodePrefix =
        $"{Tessera.Server.Protocol.ErrorCodes.CountryCodeInvalid.Code} {Tessera.Server.Protocol.ErrorCodes.CountryCodeInvalid.Name}";

    private static (long Written, long Unchanged, long Rejected) Counts(JsonElement report) =>
        (report.GetProperty("written").GetInt64(), report.GetProperty("unchanged").GetInt64(), report.GetProperty("rejected").GetInt64());

    [Theory, AllEngines]
    public async Task Members_and_balances_import_once_dry_runs_write_nothing_and_rejected_rows_are_listed_with_why(string engine)
    {
        await using var server = new TesseraApp(engine);
        var chain = await server.BootstrapAsync();
        var chainId = chain.ChainId.ToString(CultureInfo.InvariantCulture);
        await chain.AddMemberAsync("taken@example.test", memberNumber: "M-9");
        using var admin = await chain.AdminClientAsync();
        await CampaignTests.AddCampaignAsync(admin, chain.ChainId, """{"type":"points_wallet","title":"Points"}""");
        await CampaignTests.AddCampaignAsync(admin, chain.ChainId, """{"type":"wallet","title":"Money"}""");
        var folder = Path.Combine(Path.GetTempPath(), "tessera-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var members = Path.Combine(folder, "members.csv");
        await File.WriteAllTextAsync(members, """
            member_number,username,first_name,last_name,birthday,gender,country_code
            M-1,ann@example.test,Ann,Smith,1980-01-02,F,NL
            M-2,bob@example.test,"Bob, Jr",Jones,,M,
            M-3,not-an-email,Carl,Doe,,,
            M-1,ann.again@example.test,Ann,Again,,,
            M-4,dan@example.test,Dan,Eve,1980-13-45,,
            M-5,TAKEN@example.test,Someone,Else,,,
            M-6,fay@example.test,Fay,Gee,,,XX
            M-7,gus@example.test,Gus,Hay,,,

            """.Replace("\r\n", "\n", StringComparison.Ordinal));

        var dryRun = await ImportAsync(server.Database, "members", "--chain-id", chainId, "--file", members, "--dry-run");
        var membersBefore = await server.WithDbAsync(db => db.Users.CountAsync(u => u.ChainId == chain.ChainId && !u.IsAdmin));
        var first = await ImportAsync(server.Database, "members", "--chain-id", chainId, "--file", members);
        var again = await ImportAsync(server.Database, "members", "--chain-id", chainId, "--file", members);

        Assert.Equal((3L, 0L, 5L), Counts(dryRun));
        Assert.Equal(1, membersBefore);
        Assert.Equal((3L, 0L, 5L), Counts(first));
        Assert.Equal((0L, 3L, 5L), Counts(again));
        Assert.Equal(4, await server.WithDbAsync(db => db.Users.CountAsync(u => u.ChainId == chain.ChainId && !u.IsAdmin)));
        var rejects = (await File.ReadAllLinesAsync(Path.Combine(folder, "members.rejected.csv"))).ToList();
        Assert.Equal("line,member_number,reason", rejects[0]);
        string[] expected = ["4,M-3,1 username_invalid", "5,M-1,member_number repeats line 2", "6,M-4,237 date_value_error", "7,M-5,234 user_already_exists", "8,M-6,COUNTRY"];
        Assert.Equal(expected.Length, rejects.Count - 1);
        // Rejected while reading first, then against the database: listed by line here.
        foreach (var (line, prefix) in rejects.Skip(1).OrderBy(r => int.Parse(r.Split(',')[0], CultureInfo.InvariantCulture)).Zip(expected))
        {
            Assert.StartsWith(prefix.Replace("COUNTRY", CountryCodePrefix, StringComparison.Ordinal), line.Replace("\"", "", StringComparison.Ordinal), StringComparison.Ordinal);
        }
        // The imported member is an add-user member: found by its number, with its fields and search terms.
        using var privileged = chain.PrivilegedClient();
        var found = await privileged.GetAsync("/internal/get-user", ("member_number", "M-2"));
        found.AssertOk("get-user");
        Assert.Equal("Bob, Jr", found.Results.GetProperty("user_info").GetProperty("first_name").GetString());
        var bobId = found.Results.GetProperty("user_info").GetProperty("user_id").GetInt32();
        Assert.Contains("jones", await server.WithDbAsync(db => db.MemberSearchTerms.Where(t => t.UserId == bobId).Select(t => t.Term).ToListAsync()));

        var balances = Path.Combine(folder, "balances.csv");
        await File.WriteAllTextAsync(balances, "member_number,points,wallet\nM-1,120,12.50\nM-2,,3.00\nM-404,5,\nM-7,-1,\n");
        var balanceDryRun = await ImportAsync(server.Database, "balances", "--chain-id", chainId, "--file", balances, "--dry-run");
        var entriesAfterDryRun = await server.WithDbAsync(db => db.LedgerEntries.CountAsync(e => e.ChainId == chain.ChainId));
        var credited = await ImportAsync(server.Database, "balances", "--chain-id", chainId, "--file", balances);
        var creditedAgain = await ImportAsync(server.Database, "balances", "--chain-id", chainId, "--file", balances);

        Assert.Equal((3L, 0L, 2L), Counts(balanceDryRun));
        Assert.Equal(0, entriesAfterDryRun);
        Assert.Equal((3L, 0L, 2L), Counts(credited));
        Assert.Equal((0L, 3L, 2L), Counts(creditedAgain));
        var ann = await server.WithDbAsync(db => db.Users.SingleAsync(u => u.ChainId == chain.ChainId && u.MemberNumber == "M-1"));
        var wallets = await server.WithDbAsync(db => db.MemberWallets.Where(w => w.UserId == ann.Id).Select(w => w.BalanceCents).OrderBy(c => c).ToListAsync());
        Assert.Equal([1250L, 12000L], wallets);
        var ledger = await privileged.GetAsync("/user-wallet-ledger", ("member_number", "M-1"));
        ledger.AssertOk("user-wallet-ledger");
        Assert.Equal(2, ledger.Results.GetProperty("ledger").GetArrayLength());
        Assert.All(ledger.Results.GetProperty("ledger").EnumerateArray(), e => Assert.Equal("Opening balance", e.GetProperty("campaign_title").GetString()));
    }

    [Theory, AllEngines]
    public async Task Imports_of_the_same_files_run_at_once_create_each_member_and_credit_each_balance_once(string engine)
    {
        await using var server = new TesseraApp(engine);
        var chain = await server.BootstrapAsync();
        var chainId = chain.ChainId.ToString(CultureInfo.InvariantCulture);
        using var admin = await chain.AdminClientAsync();
        await CampaignTests.AddCampaignAsync(admin, chain.ChainId, """{"type":"points_wallet","title":"Points"}""");
        var folder = Path.Combine(Path.GetTempPath(), "tessera-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var members = Path.Combine(folder, "members.csv");
        var balances = Path.Combine(folder, "balances.csv");
        const int count = 300;
        await File.WriteAllLinesAsync(members, ["member_number,username", .. Enumerable.Range(1, count).Select(i => $"P-{i},p{i}@example.test")]);
        await File.WriteAllLinesAsync(balances, ["member_number,points", .. Enumerable.Range(1, count).Select(i => $"P-{i},{i}")]);

        // Small batches, so that the runs interleave; each run's rejects go to its own file.
        var memberRuns = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => ImportAsync(server.Database, "members", "--chain-id", chainId, "--file", members,
            "--batch-size", "50", "--rejects", Path.Combine(folder, $"m{i}.rejected.csv"))));
        var balanceRuns = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => ImportAsync(server.Database, "balances", "--chain-id", chainId, "--file", balances,
            "--batch-size", "50", "--rejects", Path.Combine(folder, $"b{i}.rejected.csv"))));

        Assert.Equal(count, memberRuns.Sum(r => Counts(r).Written));
        Assert.All(memberRuns, r => Assert.Equal(0, Counts(r).Rejected));
        Assert.Equal(count, balanceRuns.Sum(r => Counts(r).Written));
        Assert.Equal(count, await server.WithDbAsync(db => db.Users.CountAsync(u => u.ChainId == chain.ChainId && !u.IsAdmin)));
        Assert.Equal(count, await server.WithDbAsync(db => db.LedgerEntries.CountAsync(e => e.ChainId == chain.ChainId)));
        var total = await server.WithDbAsync(db => db.MemberWallets.Join(db.Users.Where(u => u.ChainId == chain.ChainId), w => w.UserId, u => u.Id, (w, _) => w.BalanceCents).SumAsync());
        Assert.Equal(Enumerable.Range(1, count).Sum(i => i * 100L), total);
    }
}
