using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Cli;

/// <summary>The chain-settings command: the settings of a chain that have no API, changed and printed as JSON.</summary>
[Trait("Category", "Slow")]
public sealed class ChainSettingsCommandTests
{
    private static async Task<TestDatabase> ChainAsync(string engine)
    {
        var database = TestDatabase.Create(engine);
        var boot = await ServerCommand.RunAsync(database, "bootstrap",
            "--chain-name", "Acme", "--hostname", "acme.example.test", "--admin-username", "admin@acme.test", "--admin-password", "secret-password", "--json");
        Assert.True(boot.ExitCode == 0, boot.Stderr);
        return database;
    }

    [Theory, AllEngines]
    public async Task Chain_settings_changes_only_the_settings_given_and_prints_them_all(string engine)
    {
        var database = await ChainAsync(engine);

        var shown = await ServerCommand.RunAsync(database, "chain-settings", "--chain-id", "1", "--json");
        var changed = await ServerCommand.RunAsync(database, "chain-settings", "--chain-id", "1", "--allow-anonymous-returns", "true", "--json");
        var both = await ServerCommand.RunAsync(database, "chain-settings", "--chain-id=1", "--redeem-regenerated-rewards=true", "--allow-anonymous-returns=false", "--json");

        Assert.True(shown.ExitCode == 0, shown.Stderr);
        Assert.Equal("""{"chain_id":1,"allow_anonymous_returns":false,"redeem_regenerated_rewards":false,"receipts_service_active":false,"time_zone":"UTC","receipt_logo_url":null,"receipt_website_url":null,"receipt_email":null,"receipt_subject":null,"receipt_background_color":null}""", shown.Stdout.TrimEnd('\n'));
        Assert.True(changed.ExitCode == 0, changed.Stderr);
        Assert.Equal("""{"chain_id":1,"allow_anonymous_returns":true,"redeem_regenerated_rewards":false,"receipts_service_active":false,"time_zone":"UTC","receipt_logo_url":null,"receipt_website_url":null,"receipt_email":null,"receipt_subject":null,"receipt_background_color":null}""", changed.Stdout.TrimEnd('\n'));
        Assert.True(both.ExitCode == 0, both.Stderr);
        using var json = JsonDocument.Parse(both.Stdout);
        Assert.False(json.RootElement.GetProperty("allow_anonymous_returns").GetBoolean());
        Assert.True(json.RootElement.GetProperty("redeem_regenerated_rewards").GetBoolean());
        await using var db = database.NewContext();
        var chain = await db.Chains.AsNoTracking().SingleAsync(c => c.Id == 1);
        Assert.Equal((false, true), (chain.AllowAnonymousReturns, chain.RedeemRegeneratedRewards));
    }

    [Theory]
    [InlineData(2, "--allow-anonymous-returns", "yes")]
    [InlineData(2, "--chain-id", "one")]
    [InlineData(2, "--colour", "blue")]
    [InlineData(1, "--chain-id", "99")]
    public async Task Chain_settings_refuses_a_bad_command_line_with_2_and_an_unknown_chain_with_1_and_changes_nothing(int exitCode, string option, string value)
    {
        var database = await ChainAsync(Engines.Sqlite);
        string[] arguments = option == "--chain-id" ? [option, value, "--allow-anonymous-returns", "true"] : ["--chain-id", "1", option, value];

        var run = await ServerCommand.RunAsync(database, "chain-settings", arguments);

        Assert.Equal(exitCode, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.StartsWith("chain-settings: ", run.Stderr);
        await using var db = database.NewContext();
        Assert.False(await db.Chains.AnyAsync(c => c.AllowAnonymousReturns));
    }

    [Fact]
    public async Task Chain_settings_sets_the_chain_time_zone_and_refuses_an_unknown_one()
    {
        var database = await ChainAsync(Engines.Sqlite);

        var set = await ServerCommand.RunAsync(database, "chain-settings", "--chain-id", "1", "--time-zone", "Asia/Tokyo", "--json");
        var unknown = await ServerCommand.RunAsync(database, "chain-settings", "--chain-id", "1", "--time-zone", "Mars/Olympus_Mons", "--json");

        Assert.True(set.ExitCode == 0, set.Stderr);
        Assert.Equal("Asia/Tokyo", JsonDocument.Parse(set.Stdout).RootElement.GetProperty("time_zone").GetString());
        Assert.Equal(1, unknown.ExitCode);
        Assert.Single(unknown.Stderr.Trim().Split('\n'));
        Assert.Contains("time_zone", unknown.Stderr, StringComparison.Ordinal);
        await using var db = database.NewContext();
        Assert.Equal("Asia/Tokyo", await db.Chains.Where(c => c.Id == 1).Select(c => c.TimeZone).SingleAsync());
    }
}
