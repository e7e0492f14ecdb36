using BenchmarkDotNet.Attributes;
using Tessera.Domain.Pricing;

namespace Tessera.Bench;

/// <summary>Issue 6 target: 200 000 priced 10-item baskets per second per core.</summary>
[MemoryDiagnoser]
public class PricingBenchmarks
{
    private readonly PricedItem[] _items =
    [
        new(1999), new(4550), new(899, Promotional: true), new(12000), new(350),
        new(2599), new(799, Excluded: true), new(6400), new(1500), new(3075),
    ];

    private readonly VoucherToApply[] _vouchers =
    [
        new(1000, null, SpendOnPromotionalItems: false),
        new(null, 100, SpendOnPromotionalItems: true),
    ];

    [Benchmark]
    public long Price_ten_item_basket_with_two_vouchers() => BasketPricing.Price(_items, _vouchers).AdjustedTotalCents;
}
