using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Cli;

/// <summary>The executable's command line as an operator meets it: help everywhere, no server by accident, one configuration.</summary>
[Trait("Category", "Slow")]
public sealed class CommandLineTests
{
    private static readonly string[][] Commands =
    [
        [], ["serve"], ["migrate"], ["bootstrap"], ["chain-settings"], ["apps"], ["apps", "add"], ["apps", "list"],
        ["keys"], ["keys", "create"], ["keys", "list"], ["keys", "revoke"], ["keys", "rotate"],
        ["admins"], ["admins", "add"], ["admins", "list"], ["admins", "grant"], ["admins", "revoke"], ["admins", "reset-password"],
        ["webhooks"], ["webhooks", "add"], ["webhooks", "list"], ["webhooks", "alter"], ["webhooks", "delete"], ["webhooks", "rotate-secret"],
        ["webhooks", "redeliver"], ["webhooks", "deliveries"],
        ["import"], ["import", "members"], ["import", "balances"], ["backup"],
    ];

    private static string EmptyFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "tessera-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    [Fact]
    public async Task Help_of_every_command_exits_0_and_creates_no_database()
    {
        var folder = EmptyFolder();
        foreach (var command in Commands)
        {
            var run = await ServerCommand.RunInAsync(folder, null, [.. command, "--help"]);

            var name = string.Join(' ', command);
            Assert.True(run.ExitCode == 0, $"'{name} --help' exited {run.ExitCode}: {run.Stderr}");
            Assert.Contains("Usage:", run.Stdout, StringComparison.Ordinal);
            Assert.Equal("", run.Stderr);
        }
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("keys", "frobnicate")]
    [InlineData("keys", "list", "--chain-id", "1", "--colour", "blue")]
    [InlineData("bootstrap", "--chain-name")]
    public async Task A_bad_command_line_exits_2_with_one_line_on_stderr_and_starts_nothing(params string[] arguments)
    {
        var folder = EmptyFolder();

        var run = await ServerCommand.RunInAsync(folder, null, arguments);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Single(run.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
    }

    [Fact]
    public async Task A_refused_command_exits_1_with_one_line_on_stderr()
    {
        var folder = EmptyFolder();

        var run = await ServerCommand.RunInAsync(folder, null, "keys", "list", "--chain-id", "42");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Equal("keys list: 68 permission_denied_or_non_existent: no chain has id 42", run.Stderr.TrimEnd('\n'));
    }

    [Theory, AllEngines]
    public async Task Bootstrap_and_serve_read_the_same_appsettings_json_so_the_admin_logs_in(string engine)
    {
        var database = TestDatabase.Create(engine);
        var folder = EmptyFolder();
        await File.WriteAllTextAsync(Path.Combine(folder, "appsettings.json"), JsonSerializer.Serialize(new
        {
            Database = new { database.Provider, database.ConnectionString },
        }));

        var boot = await ServerCommand.RunInAsync(folder, null, "bootstrap", "--chain-name", "Acme", "--hostname", "shop.acme.test",
            "--admin-username", "admin@acme.test", "--admin-password", "secret-password", "--json");
        Assert.True(boot.ExitCode == 0, boot.Stderr);

        var port = FreePort();
        using var server = Process.Start(ServerCommand.StartInfo(folder, null, "serve", "--urls", $"http://127.0.0.1:{port}"))!;
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var login = await RetryAsync(() => http.PostAsync("/auth/login", new FormUrlEncodedContent(
                [KeyValuePair.Create("username", "admin@acme.test"), KeyValuePair.Create("password", "secret-password")])));
            using var json = JsonDocument.Parse(await login.Content.ReadAsStringAsync());
            Assert.Equal(1, json.RootElement.GetProperty("result").GetProperty("code").GetInt32());
            Assert.Equal(boot.Stdout.Contains("\"admin_user_id\":1", StringComparison.Ordinal) ? 1 : -1,
                json.RootElement.GetProperty("results").GetProperty("session_info").GetProperty("session_user_id").GetInt32());
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
        // Neither command made a database of its own in the folder: both used the one of appsettings.json.
        Assert.False(Directory.Exists(Path.Combine(folder, "data")));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<HttpResponseMessage> RetryAsync(Func<Task<HttpResponseMessage>> send)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await send();
            }
            catch (HttpRequestException) when (attempt < 120)
            {
                await Task.Delay(250);
            }
        }
    }
}
