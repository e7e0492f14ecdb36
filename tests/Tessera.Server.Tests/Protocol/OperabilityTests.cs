using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
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
    public async Task Tesseras_own_counters_count_a_stored_basket_its_voucher_and_its_cashback()
    {
        await using var app = new TesseraApp(Engines.Sqlite);
        var shop = await ShopSetup.CreateAsync(app);
        var voucher = await shop.VoucherAsync("5.00");
        var basket = shop.Basket(BasketCalls.Code(), ShopSetup.TwoItems, extra: $$""","basket_vouchers":[{"voucher_key":"{{voucher.Key}}"}]""");
        // Listen to this server's meter only (its IMeterFactory is the meter's scope): other test servers in the
        // process have meters of the same name.
        var factory = app.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        var counts = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == Tessera.Server.Features.Telemetry.TesseraMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => counts.AddOrUpdate(instrument.Name, value, (_, n) => n + value));
        listener.Start();

        (await BasketCalls.AddAsync(shop, basket)).AssertOk("add-basket");
        (await BasketCalls.AddAsync(shop, basket)).AssertOk("add-basket"); // a replay counts nothing

        Assert.Equal(1, counts.GetValueOrDefault("tessera.baskets.stored"));
        Assert.Equal(1, counts.GetValueOrDefault("tessera.vouchers.redeemed"));
        Assert.Equal(950, counts.GetValueOrDefault("tessera.wallet.credited")); // 10 % of 100.00 − 5.00, in cents
    }

    [Fact]
    public async Task Metrics_are_served_for_prometheus()
    {
        using var client = TesseraApp.Shared(Engines.Sqlite).Client();
        using var response = await client.Http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE ", text, StringComparison.Ordinal);
        Assert.Contains("dotnet_gc_collections_total", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_are_not_served_when_telemetry_is_off()
    {
        await using var app = new TesseraApp(Engines.Sqlite, settings: new Dictionary<string, string?> { ["Telemetry:Enabled"] = "false" });
        using var client = app.Client();
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync("/metrics")).StatusCode);
    }
}
