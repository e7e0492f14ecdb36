using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tessera.Server.Protocol;
using Tessera.Server.Tests.Infrastructure;
using static Tessera.Server.Tests.Events.EventSetup;

namespace Tessera.Server.Tests.Events;

/// <summary>
/// An event exists if and only if its change committed: one shopper.points-mutation per ledger entry, whatever posted
/// it, none for a basket that failed or was a replay, and none twice under parallel requests.
/// </summary>
public sealed class EventCountTests
{
    private const string PointsMutation = "shopper.points-mutation";

    /// <summary>The chain's ledger entry ids, and the entry ids its points-mutation events name (user_purchase_progress.id).</summary>
    private static async Task<(List<long> Entries, List<long> Events)> EntriesAndEventsAsync(EventSetup s)
    {
        var entries = await s.Chain.App.WithDbAsync(db => db.LedgerEntries.Where(e => e.ChainId == s.Chain.ChainId).OrderBy(e => e.Id).Select(e => e.Id).ToListAsync());
        var events = (await OutboxReader.BodiesAsync(s.Chain, PointsMutation))
            .Select(b => DataOf(b).GetProperty("user_purchase_progress").GetProperty("id").GetInt64()).Order().ToList();
        return (entries, events);
    }

    private static async Task AssertOneEventPerEntryAsync(EventSetup s, int expectedEntries)
    {
        var (entries, events) = await EntriesAndEventsAsync(s);
        Assert.Equal(expectedEntries, entries.Count);
        Assert.Equal(entries, events);
    }

    private static string ReturnLine(string barcode, decimal price, string originalCode) =>
        $$"""{"item_barcode":"{{barcode}}","item_quantity":1,"item_price":{{(-price).ToString(System.Globalization.CultureInfo.InvariantCulture)}},"return_item":true,"original_retailer_basket_code":"{{originalCode}}"}""";

    [Theory, AllEngines]
    public async Task Every_ledger_entry_of_a_mixed_day_has_exactly_one_points_mutation_event(string engine)
    {
        var s = await CreateAsync(TesseraApp.Shared(engine));
        using var admin = await s.Chain.AdminClientAsync();
        using var privileged = s.Chain.PrivilegedClient();

        // A basket earning cashback (1), points and wallet money by hand (2, 3), a wallet voucher (4) deleted again (5).
        var first = Code();
        (await s.AddBasketAsync(s.Basket(first, TwoItems, 100m))).AssertOk("add-basket");
        await s.AddPointsAsync(s.Points, "120");
        await s.AddPointsAsync(s.Wallet, "20", admin);
        var (deleted, _) = await s.CreateVoucherAsync(s.Wallet, "4");
        (await privileged.DeleteAsync("/delete-voucher", ("voucher_id", Id(deleted)))).AssertOk("delete-voucher");
        // A wallet voucher (6) partly redeemed by a basket, which gives the rest back (7) and earns nothing on what it paid with it.
        var (_, key) = await s.CreateVoucherAsync(s.Wallet, "9");
        (await s.AddBasketAsync(s.Basket(Code(), OneItem(5m), 5m, $$""","basket_vouchers":[{"voucher_key":"{{key}}"}]"""))).AssertOk("add-basket");
        // An exchange: a purchase earning (8) and an inline return of one unit of the first basket reclaiming (9).
        (await s.AddBasketAsync(s.Basket(Code(), $"[{OneItem(50m)[1..^1]},{ReturnLine("111", 30m, first)}]", 20m))).AssertOk("add-basket");
        // A standalone return of the first basket's other line reclaims (10).
        var firstId = await s.Chain.App.WithDbAsync(db => db.Baskets.Where(b => b.RetailerBasketCode == first && b.ChainId == s.Chain.ChainId).Select(b => b.Id).SingleAsync());
        (await privileged.SendJsonAsync(HttpMethod.Post, "/auth/return",
            $$"""{"entity":{"entity_type":"chain","entity_id":{{s.Chain.ChainId}} },"return":{"return_owner_code":"R-{{first}}","original_basket_id":{{firstId}},"items":[{"owner_code":"line_1","quantity":1}]} }""")).AssertOk("return-handler");

        await AssertOneEventPerEntryAsync(s, 10);
        var amounts = (await OutboxReader.BodiesAsync(s.Chain, PointsMutation)).Select(b => DataOf(b).GetProperty("amount").GetString()).ToList();
        Assert.Equal(["10.00", "120.00", "20.00", "-4.00", "4.00", "-9.00", "4.00", "5.00", "-3.00", "-4.00"], amounts);
        var returned = (await OutboxReader.BodiesAsync(s.Chain, PointsMutation)).Select(DataOf).Where(d => d.GetProperty("returned_item").ValueKind == JsonValueKind.Object).ToList();
        Assert.Equal(2, returned.Count);
    }

    [Theory, AllEngines]
    public async Task A_replayed_basket_writes_no_event_and_parallel_replays_write_one_set(string engine)
    {
        var s = await CreateAsync(TesseraApp.Shared(engine));
        var body = s.Basket(Code(), TwoItems, 100m);
        (await s.AddBasketAsync(body)).AssertOk("add-basket");
        var before = await OutboxReader.CountAsync(s.Chain, PointsMutation);

        var replay = await s.AddBasketAsync(body);

        replay.AssertOk("add-basket");
        Assert.Contains(ErrorCodes.BasketAlreadyExists.Code, replay.Json.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("code").GetInt32()));
        Assert.Equal(before, await OutboxReader.CountAsync(s.Chain, PointsMutation));

        var parallel = s.Basket(Code(), TwoItems, 100m);
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => s.AddBasketAsync(parallel)));
        Assert.All(responses, r => r.AssertOk("add-basket"));
        await AssertOneEventPerEntryAsync(s, 2);
    }

    [Theory, AllEngines]
    public async Task A_refused_basket_writes_no_event(string engine)
    {
        var s = await CreateAsync(TesseraApp.Shared(engine));
        var first = Code();
        (await s.AddBasketAsync(s.Basket(first, TwoItems, 100m))).AssertOk("add-basket");
        var events = await s.Chain.App.WithDbAsync(db => db.OutboxEvents.CountAsync(e => e.ChainId == s.Chain.ChainId));

        // line_1 was bought once: returning two units is refused (310), and nothing of the basket stays.
        var refused = await s.AddBasketAsync(s.Basket(Code(), $"[{OneItem(100m)[1..^1]},{ReturnLine("222", 40m, first).Replace("\"item_quantity\":1", "\"item_quantity\":2", StringComparison.Ordinal)}]", 20m));

        refused.AssertError(ErrorCodes.ReturnQuantityExceedsOriginalQuantity);
        Assert.Equal(events, await s.Chain.App.WithDbAsync(db => db.OutboxEvents.CountAsync(e => e.ChainId == s.Chain.ChainId)));
        await AssertOneEventPerEntryAsync(s, 1);
    }

    [Trait("Category", "Slow")]
    [Theory, AllEngines]
    public async Task Fifty_parallel_baskets_racing_for_one_wallet_voucher_write_exactly_one_event_per_posting(string engine)
    {
        var s = await CreateAsync(TesseraApp.Shared(engine));
        await s.AddPointsAsync(s.Wallet, "30");
        var (_, key) = await s.CreateVoucherAsync(s.Wallet, "25");
        var vouchers = $$""","basket_vouchers":[{"voucher_key":"{{key}}"}]""";

        // Every basket earns cashback; half name the voucher, which one of them redeems (leaving 15.00 to the wallet),
        // the others lose it and are stored again without it.
        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            s.AddBasketAsync(s.Basket(Code(), OneItem(10m), 10m, i % 2 == 0 ? vouchers : ""))));

        Assert.All(responses, r => r.AssertOk("add-basket"));
        var (entries, events) = await EntriesAndEventsAsync(s);
        Assert.Equal(entries, events);
        // 30.00 by hand, -25.00 for the voucher, its remainder, and one cashback per basket that paid money.
        var remainders = await s.Chain.App.WithDbAsync(db => db.LedgerEntries.CountAsync(e => e.ChainId == s.Chain.ChainId && e.LogMessage!.Contains("partly redeemed")));
        Assert.Equal(1, remainders);
        var cashbacks = await s.Chain.App.WithDbAsync(db => db.LedgerEntries.CountAsync(e => e.ChainId == s.Chain.ChainId && e.BasketId != null && e.Kind == "campaignContribution"));
        Assert.Equal(entries.Count - 3, cashbacks);
        Assert.InRange(cashbacks, 49, 50);
        var balance = await s.Chain.App.WithDbAsync(db => db.MemberWallets.Where(w => w.UserId == s.MemberId && w.CampaignId == s.Wallet).Select(w => w.BalanceCents).SingleAsync());
        var sum = (await OutboxReader.BodiesAsync(s.Chain, PointsMutation)).Sum(b => decimal.Parse(DataOf(b).GetProperty("amount").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(balance / 100m, sum);
    }
}
