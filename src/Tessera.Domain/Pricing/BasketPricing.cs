namespace Tessera.Domain.Pricing;

/// <summary>
/// Applies basket vouchers to a basket (spec: get-basket-price / add-basket, voucher distribution).
/// Vouchers apply in order, each on what the previous ones left. A voucher is spread over its eligible
/// items (not excluded; not promotional unless its campaign spends on promotional items) in proportion
/// to their remaining value, in whole hundredths by the largest-remainder method, so the parts add up to
/// exactly what it redeems; it never redeems more than the eligible items are worth, and no item goes
/// below zero. A client-supplied distribution replaces the automatic one for that voucher, each part
/// capped by what its item has left.
/// </summary>
public static class BasketPricing
{
    public static PricingResult Price(IReadOnlyList<PricedItem> items, IReadOnlyList<VoucherToApply> vouchers)
    {
        var remaining = new long[items.Count];
        long total = 0;
        for (var i = 0; i < items.Count; i++)
        {
            remaining[i] = Math.Max(0, items[i].SubtotalCents);
            total += remaining[i];
        }
        var applied = new List<AppliedVoucher>(vouchers.Count);
        long redeemedTotal = 0;
        foreach (var voucher in vouchers)
        {
            var parts = voucher.ClientDistribution is { Count: > 0 } given
                ? FromClient(given, remaining)
                : Distribute(items, remaining, voucher);
            long redeemed = 0;
            for (var i = 0; i < parts.Length; i++)
            {
                remaining[i] -= parts[i];
                redeemed += parts[i];
            }
            redeemedTotal += redeemed;
            applied.Add(new AppliedVoucher(redeemed, parts));
        }
        return new PricingResult(applied, remaining, total, total - redeemedTotal);
    }

    private static long[] FromClient(IReadOnlyDictionary<int, long> given, long[] remaining)
    {
        var parts = new long[remaining.Length];
        foreach (var (index, cents) in given)
        {
            if (index >= 0 && index < remaining.Length && cents > 0)
            {
                parts[index] = Math.Min(cents, remaining[index]);
            }
        }
        return parts;
    }

    private static long[] Distribute(IReadOnlyList<PricedItem> items, long[] remaining, VoucherToApply voucher)
    {
        var parts = new long[remaining.Length];
        long eligible = 0;
        for (var i = 0; i < remaining.Length; i++)
        {
            if (Eligible(items[i], voucher))
            {
                eligible += remaining[i];
            }
        }
        if (eligible <= 0)
        {
            return parts;
        }
        // A ratio voucher is worth its ratio of what it may spend on, rounded down to the hundredth.
        var wanted = voucher.AmountCents ?? (voucher.RatioMilli is { } ratio ? (long)(eligible * (decimal)ratio / 1000m) : 0);
        var amount = Math.Clamp(wanted, 0, eligible);
        if (amount == 0)
        {
            return parts;
        }
        // Largest remainder: floor every share, then hand the left-over hundredths to the largest fractions.
        Span<(decimal Fraction, int Index)> fractions = remaining.Length <= 64 ? stackalloc (decimal, int)[remaining.Length] : new (decimal, int)[remaining.Length];
        var count = 0;
        long assigned = 0;
        for (var i = 0; i < remaining.Length; i++)
        {
            if (!Eligible(items[i], voucher) || remaining[i] == 0)
            {
                continue;
            }
            var exact = (decimal)amount * remaining[i] / eligible;
            var floor = (long)decimal.Floor(exact);
            parts[i] = floor;
            assigned += floor;
            fractions[count++] = (exact - floor, i);
        }
        var leftOver = amount - assigned;
        var candidates = fractions[..count];
        candidates.Sort((a, b) => a.Fraction != b.Fraction ? b.Fraction.CompareTo(a.Fraction) : a.Index.CompareTo(b.Index));
        for (var k = 0; leftOver > 0 && k < candidates.Length; k++)
        {
            var index = candidates[k].Index;
            if (parts[index] < remaining[index])
            {
                parts[index]++;
                leftOver--;
            }
        }
        return parts;
    }

    private static bool Eligible(PricedItem item, VoucherToApply voucher) =>
        !item.Excluded && (voucher.SpendOnPromotionalItems || !item.Promotional);
}
