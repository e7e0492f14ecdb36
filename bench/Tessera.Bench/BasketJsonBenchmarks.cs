using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Tessera.Domain.Reference;
using Tessera.Server.Data.Entities;
using Tessera.Server.Features.Baskets;
using Tessera.Server.Features.Campaigns;
using Tessera.Server.Protocol;

namespace Tessera.Bench;

/// <summary>
/// The in-process work of an add-basket outside the database: reading the request body of the bench's basket
/// (10 lines, one voucher) and writing its answer (10 lines with a voucher distribution and a wallet earning each).
/// </summary>
[MemoryDiagnoser]
public class BasketJsonBenchmarks
{
    private readonly byte[] _body;
    private readonly PricedBasket _priced;
    private readonly DateTime _now = new(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);

    public BasketJsonBenchmarks()
    {
        var items = string.Join(",", Enumerable.Range(0, 10).Select(i =>
            $$"""{"item_barcode":"BB-{{i}}","retailer_item_code":"line_{{i}}","item_quantity":1,"item_price":{{10 + i}}.00}"""));
        _body = Encoding.UTF8.GetBytes($$$"""
            {"entity":{"entity_type":"chain","entity_id":1},"user":{"member_programme":"spaaza","member_number":"10000001"},
             "basket":{"basket_platform_type":"in_store","retailer_basket_code":"bench-1","basket_total_price":145.00,
             "basket_currency":{"currency_code":"EUR"},"basket_items":[{{{items}}}],"basket_vouchers":[{"voucher_key":"bv000000000001"}]}}
            """);
        Outcome<BasketInput> parsed;
        using (var document = JsonDocument.Parse(_body))
        {
            parsed = BasketRequest.Parse(document);
        }
        var input = parsed.Value!;
        var chain = new Chain { Id = 1, Name = "Bench", CurrencyId = 2, CreatedAt = _now };
        var wallet = new Campaign { Id = 1, ChainId = 1, Type = "wallet", Title = "Money Wallet", Config = "{}", Active = true };
        var cashback = new Campaign { Id = 2, ChainId = 1, Type = "cashback", Title = "Store Rewards", Config = """{"earn_percentage":10,"recipient_campaign_id":1}""", Active = true };
        var gifts = new Campaign { Id = 3, ChainId = 1, Type = "loyalty", Title = "Welcome gift", Config = "{}", Active = true };
        var campaigns = new ChainCampaigns(chain, [wallet, cashback, gifts], [], _now);
        var member = new User { Id = 7, ChainId = 1, UsernameScope = 1, Username = "m@bench.test", UsernameNormalized = "m@bench.test", MemberNumber = "10000001" };
        _priced = new PricedBasket(input, new BasketScope(campaigns, null, member, Currencies.FindById(2)!, "NL", []))
        {
            Stored = new Basket { Id = 31294, ChainId = 1, RetailerBasketCode = "bench-1", PlatformType = "in_store", TimezoneName = "UTC", PaymentsJson = "[]", TaxesJson = "[]", Response = "", PurchasedAt = _now },
        };
        var voucher = new BasketVoucher(new Voucher { Id = 650000, Key = "bv000000650000", ChainId = 1, UserId = 7, CampaignId = 3, Type = "basket", Status = "redeemed", AmountOriginalCents = 500, AmountRedeemedCents = 500, CurrencyId = 2, RedeemingBasketId = 31294, RedeemedAt = _now }, gifts) { RedeemedCents = 500 };
        _priced.Vouchers.Add(voucher);
        var earned = new Earned(cashback, wallet, 1400);
        _priced.Earned.Add(earned);
        var position = 0;
        foreach (var line in _priced.Lines)
        {
            line.Row = new BasketItem { Id = 312931 + position++, ItemType = "product" };
            line.Distribution.Add((voucher, 50));
            line.Earnings.Add((earned, 140));
        }
    }

    [Benchmark]
    public int Read_the_request_body()
    {
        using var document = JsonDocument.Parse(_body);
        return BasketRequest.Parse(document).Value!.Items.Count;
    }

    [Benchmark]
    public int Write_the_answer() => BasketView.StoredResults(_priced, _priced.Stored!, _now).Length;
}
