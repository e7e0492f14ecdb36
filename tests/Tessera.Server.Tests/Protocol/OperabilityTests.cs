using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tessera.Server.Tests.Baskets;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Protocol;

public sealed class OperabilityTests
{
    [Theory, AllEngines]
    public async Task Health_answers_200_when_the_database_answers(string engine)
    {
        using var client = TesseraApp.Shared(engine).Client();
        using var response = await client.Http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Health_answers_503_when_the_database_is_unreachable()
    {
        await using var app = new TesseraApp(Engines.Sqlite);
        using var client = app.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/health")).StatusCode);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(app.Database.Name);
        File.Delete(app.Database.Name + "-wal");
        File.Delete(app.Database.Name + "-shm");
        Directory.CreateDirectory(app.Database.Name); // a folder where the file was: nothing can open it
        try
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.Http.GetAsync("/health")).StatusCode);
        }
        finally
        {
            Directory.Delete(app.Database.Name);
        }
    }

    [Fact]
    public async Task The_openapi_document_lists_the_spaaza_calls_and_the_ui_is_served()
    {
        using var client = TesseraApp.Shared(Engines.Sqlite).Client();
        using var document = JsonDocument.Parse(await client.Http.GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/auth/login", paths);
        Assert.Contains("/auth/get-login-status", paths);
        Assert.Contains("/internal/alter-business", paths);
        using var ui = await client.Http.GetAsync("/docs/");
        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
    }
    [Theory, AllEngines]
    public async Task Ready_answers_200_with_the_database_and_migration_checks(string engine)
    {
        using var client = TesseraApp.Shared(engine).Client();
        using var response = await client.Http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        var checks = body.RootElement.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("migrations").GetProperty("status").GetString());
    }

    [Theory, AllEngines]
    public async Task Ready_answers_503_while_a_migration_is_missing_and_live_still_answers_200(string engine)
    {
        await using var app = new TesseraApp(engine);
        using var client = app.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/health/ready")).StatusCode);
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DELETE FROM schema_migrations WHERE version = (SELECT MAX(version) FROM schema_migrations)"));

        using var ready = await client.Http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("expected", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task Metrics_are_served_for_prometheus_with_tesseras_own_counters()
    {
        await using var app = new TesseraApp(Engines.Sqlite);
        var shop = await ShopSetup.CreateAsync(app);
        var voucher = await shop.VoucherAsync("5.00");
        var basket = shop.Basket(BasketCalls.Code(), ShopSetup.TwoItems, extra: $$""","basket_vouchers":[{"voucher_key":"{{voucher.Key}}"}]""");
        using var client = app.Client();
        // The exporter listens to every meter named Tessera in the process, so baskets of tests running beside this one
        // count too: the counters must grow by at least this basket's share.
        var before = await client.Http.GetStringAsync("/metrics");
        (await BasketCalls.AddAsync(shop, basket)).AssertOk("add-basket");
        // The exporter keeps a scrape's answer for a moment: ask until this basket shows.
        var text = await client.Http.GetStringAsync("/metrics");
        for (var i = 0; i < 40 && Sample(text, "tessera_baskets_stored_total") < Sample(before, "tessera_baskets_stored_total") + 1; i++)
        {
            await Task.Delay(250);
            text = await client.Http.GetStringAsync("/metrics");
        }

        Assert.True(Sample(text, "tessera_baskets_stored_total") >= Sample(before, "tessera_baskets_stored_total") + 1, text);
        Assert.True(Sample(text, "tessera_vouchers_redeemed_total") >= Sample(before, "tessera_vouchers_redeemed_total") + 1, text);
        const string Wallet = "wallet_type=\"wallet\"";
        Assert.True(Sample(text, "tessera_wallet_credited_total", Wallet) >= Sample(before, "tessera_wallet_credited_total", Wallet) + 950, text); // 10 % of 100.00 − 5.00, in cents
        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_are_not_served_when_telemetry_is_off()
    {
        await using var app = new TesseraApp(Engines.Sqlite, settings: new Dictionary<string, string?> { ["Telemetry:Enabled"] = "false" });
        using var client = app.Client();
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync("/metrics")).StatusCode);
    }

    /// <summary>The value of the Prometheus sample <paramref name="name"/> whose labels include <paramref name="label"/> (0 before its first count).</summary>
    private static double Sample(string text, string name, string label = "")
    {
        var line = text.Split('\n').SingleOrDefault(l => l.StartsWith(name + "{", StringComparison.Ordinal) && l.Contains(label, StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
