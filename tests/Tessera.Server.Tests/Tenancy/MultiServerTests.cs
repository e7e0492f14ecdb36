using System.Net;
using Microsoft.EntityFrameworkCore;
using Tessera.Server.Protocol;
using Tessera.Server.Tests.Baskets;
using Tessera.Server.Tests.Infrastructure;
using static Tessera.Server.Tests.Baskets.BasketCalls;

namespace Tessera.Server.Tests.Tenancy;

/// <summary>
/// Three servers on one PostgreSQL database, each with its own services, caches and connection pool, as three
/// processes behind a load balancer would be: requests racing across them keep the invariants one server keeps
/// (the single-server races are in BasketTests, ReturnTests and VoucherTests).
/// </summary>
public sealed class MultiServerTests
{
    private sealed class Servers : IAsyncDisposable
    {
        private Servers(TesseraApp[] apps) => Apps = apps;

        public TesseraApp[] Apps { get; }

        public TesseraApp First => Apps[0];

        public static Servers Start()
        {
            var first = new TesseraApp(Engines.Postgres);
            TesseraApp[] apps =
            [
                first,
                new TesseraApp(first.Database.ForServer("tessera-server-2"), first.Clock),
                new TesseraApp(first.Database.ForServer("tessera-server-3"), first.Clock),
            ];
            foreach (var app in apps)
            {
                _ = app.Server; // starts the host (and migrates; the first one to start does the work)
            }
            return new Servers(apps);
        }

        /// <summary>Chain <paramref name="shop"/>'s privileged client on server <paramref name="i"/> (of three, round robin).</summary>
        public SpaazaClient Privileged(ShopSetup shop, int i) => Apps[i % Apps.Length].Client().Bearer(shop.Chain.PrivilegedKey).App(shop.Chain.Hostname);

        public async Task<SpaazaResponse> SendAsync(ShopSetup shop, int i, string path, string body)
        {
            using var client = Privileged(shop, i);
            return await client.SendJsonAsync(HttpMethod.Post, path, body);
        }

        /// <summary>The second and third servers hold connections of their own to the database: they did serve.</summary>
        public async Task AssertEachServerConnectedAsync()
        {
            await using var connection = new Npgsql.NpgsqlConnection(First.Database.ConnectionString);
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand("SELECT DISTINCT application_name FROM pg_stat_activity WHERE datname = current_database()", connection);
            var names = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    names.Add(reader.GetString(0));
                }
            }
            Assert.Contains("tessera-server-2", names);
            Assert.Contains("tessera-server-3", names);
        }

        public async ValueTask DisposeAsync()
        {
            // The first owns the database: it goes last.
            foreach (var app in Apps.Reverse())
            {
                await app.DisposeAsync();
            }
        }
    }

    /// <summary>Every wallet of the chain holds the sum of its ledger entries.</summary>
    private static async Task AssertBalancesAreTheirLedgersAsync(ShopSetup shop)
    {
        var (balances, sums) = await shop.Chain.App.WithDbAsync(async db => (
            await db.MemberWallets.AsNoTracking().Where(w => db.Users.Any(u => u.Id == w.UserId && u.ChainId == shop.Chain.ChainId))
                .ToDictionaryAsync(w => (w.UserId, w.CampaignId), w => w.BalanceCents),
            await db.LedgerEntries.AsNoTracking().Where(e => e.ChainId == shop.Chain.ChainId)
                .GroupBy(e => new { e.UserId, e.WalletCampaignId }).Select(g => new { g.Key.UserId, g.Key.WalletCampaignId, Sum = g.Sum(e => e.AmountCents) })
                .ToDictionaryAsync(g => (g.UserId, g.WalletCampaignId), g => g.Sum)));
        Assert.NotEmpty(balances);
        Assert.All(balances, b => Assert.Equal(sums.GetValueOrDefault(b.Key), b.Value));
        Assert.All(sums, s => Assert.True(balances.ContainsKey(s.Key), $"entries of {s.Key} without a wallet"));
    }

    [Trait("Category", "Slow")]
    [PostgresTheory, PostgresEngine]
    public async Task Baskets_racing_across_three_servers_for_one_voucher_redeem_it_once(string engine)
    {
        Assert.Equal(Engines.Postgres, engine);
        await using var servers = Servers.Start();
        var shop = await ShopSetup.CreateAsync(servers.First);
        var (voucherId, key) = await shop.VoucherAsync("10.00");

        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            servers.SendAsync(shop, i, AddBasket, shop.Basket(Code(), ShopSetup.TwoItems, extra: $$""","basket_vouchers":[{"voucher_key":"{{key}}"}]"""))));

        Assert.All(responses, r => r.AssertOk("add-basket"));
        Assert.Equal(1, responses.Count(r => r.Results.GetProperty("basket").GetProperty("basket_vouchers_applied").GetArrayLength() == 1));
        var (voucher, baskets) = await shop.Chain.App.WithDbAsync(async db => (
            await db.Vouchers.AsNoTracking().SingleAsync(v => v.Id == voucherId),
            await db.Baskets.CountAsync(b => b.ChainId == shop.Chain.ChainId)));
        var distributed = await BasketCalls.DistributedCentsAsync(shop, voucherId);
        Assert.Equal(("redeemed", 1000L, 1000L), (voucher.Status, voucher.AmountRedeemedCents, distributed));
        Assert.Equal(30, baskets);
        // 29 baskets earned 10% of 100.00, one of 90.00.
        Assert.Equal((29 * 1000) + 900, await shop.BalanceAsync());
        await AssertBalancesAreTheirLedgersAsync(shop);
        await servers.AssertEachServerConnectedAsync();
    }

    [Trait("Category", "Slow")]
    [PostgresTheory, PostgresEngine]
    public async Task Claims_racing_across_three_servers_for_one_voucher_succeed_once(string engine)
    {
        Assert.Equal(Engines.Postgres, engine);
        await using var servers = Servers.Start();
        var shop = await ShopSetup.CreateAsync(servers.First);
        string key;
        using (var privileged = shop.Chain.PrivilegedClient())
        {
            var created = await privileged.PostAsync("/create-voucher", ("user_id", ShopSetup.Id(shop.Member.Id)), ("campaign_id", ShopSetup.Id(shop.VoucherCampaign)), ("voucher_amount", "5.00"));
            created.AssertOk("create-voucher");
            key = created.Results.GetProperty("voucher_key").GetString()!;
        }

        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(async i =>
        {
            using var client = servers.Privileged(shop, i);
            return await client.PostAsync("/claim-voucher", ("voucher_key", key));
        }));

        Assert.Single(responses, r => r.Status == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.Status != HttpStatusCode.OK), r => r.AssertError(ErrorCodes.VoucherStatusClaimed));
        Assert.Equal("claimed", await shop.Chain.App.WithDbAsync(db => db.Vouchers.Where(v => v.Key == key).Select(v => v.Status).SingleAsync()));
        await servers.AssertEachServerConnectedAsync();
    }

    [Trait("Category", "Slow")]
    [PostgresTheory, PostgresEngine]
    public async Task Replays_of_one_basket_across_three_servers_store_it_once_and_answer_alike(string engine)
    {
        Assert.Equal(Engines.Postgres, engine);
        await using var servers = Servers.Start();
        var shop = await ShopSetup.CreateAsync(servers.First);
        var code = Code();
        var body = shop.Basket(code, ShopSetup.TwoItems);

        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => servers.SendAsync(shop, i, AddBasket, body)));

        Assert.All(responses, r => r.AssertOk("add-basket"));
        Assert.Single(responses, r => WarningCodes(r).Count == 0);
        Assert.All(responses.Where(r => WarningCodes(r).Count > 0), r => Assert.Equal([ErrorCodes.BasketAlreadyExists.Code], WarningCodes(r)));
        Assert.Single(responses.Select(r => r.Results.GetRawText()).Distinct());
        Assert.Equal(1, await BasketCountAsync(shop, code));
        Assert.Equal(1000, await shop.BalanceAsync());
        await AssertBalancesAreTheirLedgersAsync(shop);
        await servers.AssertEachServerConnectedAsync();
    }

    [Trait("Category", "Slow")]
    [PostgresTheory, PostgresEngine]
    public async Task Returns_of_one_line_racing_across_three_servers_never_pass_its_quantity(string engine)
    {
        Assert.Equal(Engines.Postgres, engine);
        await using var servers = Servers.Start();
        var shop = await ShopSetup.CreateAsync(servers.First);
        var original = Code();
        var bought = await servers.SendAsync(shop, 0, AddBasket, shop.Basket(original, ShopSetup.TwoItems));
        bought.AssertOk("add-basket");
        var basketId = bought.Results.GetProperty("basket").GetProperty("id").GetInt64();
        var entity = $$"""{"entity_type":"chain","entity_id":{{shop.Chain.ChainId}}}""";

        // line_0 holds two units: standalone returns and returns inside new baskets, one unit each, from every server.
        var responses = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => i % 2 == 0
            ? servers.SendAsync(shop, i, "/auth/return",
                $$$"""{"entity":{{{entity}}},"return":{"return_owner_code":"{{{Code()}}}","original_basket_id":{{{basketId}}},"items":[{"owner_code":"line_0","quantity":1}]}}""")
            : servers.SendAsync(shop, i, AddBasket, shop.Basket(Code(),
                $$"""[{"item_barcode":"111","item_quantity":1,"item_price":-30.00,"return_item":true,"original_retailer_basket_code":"{{original}}","original_retailer_item_code":"line_0"}]""", total: -30m))));

        var accepted = responses.Where(r => r.Status == HttpStatusCode.OK).ToList();
        Assert.Equal(2, accepted.Count);
        Assert.All(responses.Where(r => r.Status != HttpStatusCode.OK), r => r.AssertError(ErrorCodes.ReturnQuantityExceedsOriginalQuantity));
        var returned = await shop.Chain.App.WithDbAsync(db => db.BasketLineReturns.AsNoTracking().Where(r => r.BasketId == basketId).ToListAsync());
        Assert.Equal(2m, Assert.Single(returned).ReturnedQuantity);
        // line_0 earned 6.00 of the 10.00; both units reclaimed, once each.
        Assert.Equal(400, await shop.BalanceAsync());
        await AssertBalancesAreTheirLedgersAsync(shop);
        await servers.AssertEachServerConnectedAsync();
    }
}
