using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Cli;

/// <summary>The bootstrap command as outside tools run it: a separate process, JSON on stdout only.</summary>
[Trait("Category", "Slow")]
public sealed class BootstrapCommandTests
{
    private static Task<ServerCommand.Run> BootstrapAsync(TestDatabase database, params string[] arguments) =>
        ServerCommand.RunAsync(database, "bootstrap", [.. arguments, "--json"]);

    private static string[] Arguments(string hostname, string username, string password = "secret-password") =>
        ["--chain-name", "Acme Retail", "--hostname", hostname, "--admin-username", username, "--admin-password", password];

    [Theory, AllEngines]
    public async Task Bootstrap_prints_one_json_object_and_a_server_started_afterwards_serves_the_new_chain(string engine)
    {
        var database = TestDatabase.Create(engine);

        var run = await BootstrapAsync(database, Arguments("shop.acme.test", "admin@acme.test"));

        Assert.True(run.ExitCode == 0, run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal(run.Stdout.Trim(), run.Stdout.TrimEnd('\n'));
        Assert.Equal(["chain_id", "app_hostname", "admin_user_id", "privileged_key"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, json.RootElement.GetProperty("chain_id").GetInt32());
        Assert.Equal("shop.acme.test", json.RootElement.GetProperty("app_hostname").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("admin_user_id").GetInt32());
        var key = json.RootElement.GetProperty("privileged_key").GetString()!;
        Assert.Matches("^[0-9a-f]+:[0-9a-f]{64}$", key);

        await using var server = new TesseraApp(database);
        using var client = server.Client();
        (await client.PostAsync("/auth/login", ("username", "admin@acme.test"), ("password", "secret-password"))).AssertOk("login");
        using var privileged = server.Client().Bearer(key).App("shop.acme.test");
        (await privileged.GetAsync("/internal/get-businesses", ("chain_id", "1"))).AssertOk("get-businesses");
    }

    [Theory, AllEngines]
    public async Task Bootstrap_refuses_an_existing_hostname_or_admin_username(string engine)
    {
        var database = TestDatabase.Create(engine);
        Assert.Equal(0, (await BootstrapAsync(database, Arguments("one.example.test", "one@example.test"))).ExitCode);

        var sameHost = await BootstrapAsync(database, Arguments("one.example.test", "two@example.test"));
        Assert.NotEqual(0, sameHost.ExitCode);
        Assert.Equal("", sameHost.Stdout);
        Assert.Contains("hostname 'one.example.test' already exists", sameHost.Stderr, StringComparison.Ordinal);

        var sameAdmin = await BootstrapAsync(database, Arguments("two.example.test", "ONE@example.test"));
        Assert.NotEqual(0, sameAdmin.ExitCode);
        Assert.Equal("", sameAdmin.Stdout);
        Assert.Contains("admin with username 'one@example.test' already exists", sameAdmin.Stderr, StringComparison.Ordinal);

        await using var server = new TesseraApp(database);
        Assert.Equal(1, await server.WithDbAsync(db => db.Chains.CountAsync()));
    }

    [Theory]
    [InlineData("--hostname", "not a host", "not a valid host name")]
    [InlineData("--admin-username", "not-an-email", "not a valid email address")]
    [InlineData("--admin-password", "12345", "6 characters or more")]
    [InlineData("--currency", "XYZ", "not a supported ISO-4217 code")]
    public async Task Bootstrap_refuses_an_invalid_argument_with_a_message_on_stderr(string option, string value, string message)
    {
        var database = TestDatabase.Create(Engines.Sqlite);
        var arguments = Arguments("valid.example.test", "valid@example.test").Concat(option == "--currency" ? [option, value] : []).ToArray();
        var index = Array.IndexOf(arguments, option);
        if (index >= 0)
        {
            arguments[index + 1] = value;
        }

        var run = await BootstrapAsync(database, arguments);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bootstrap_without_a_required_option_says_so_in_one_line_and_exits_2()
    {
        var run = await BootstrapAsync(TestDatabase.Create(Engines.Sqlite), "--chain-name", "Acme", "--hostname", "x.example.test");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Matches("^bootstrap: .*'--admin-username' is required.*'bootstrap --help'", run.Stderr.TrimEnd('\n'));
        Assert.Single(run.Stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task Bootstrap_sets_the_chain_currency()
    {
        var database = TestDatabase.Create(Engines.Sqlite);
        var run = await BootstrapAsync(database, [.. Arguments("gbp.example.test", "gbp@example.test"), "--currency", "gbp"]);
        Assert.Equal(0, run.ExitCode);
        await using var server = new TesseraApp(database);
        Assert.Equal(3, await server.WithDbAsync(db => db.Chains.Select(c => c.CurrencyId).SingleAsync()));
    }
}
