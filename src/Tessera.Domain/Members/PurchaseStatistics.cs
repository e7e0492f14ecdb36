namespace Tessera.Domain.Members;

/// <summary>
/// The purchase statistics of <c>user_info</c>: RFM scores (1-5 each, 0 without purchases), their
/// combination <c>overall</c> = 100·R + 10·F + M (the sample's 5, 3, 2 → 532), and plain figures.
/// Rules in docs/spec-choices.md ("Purchase statistics").
/// </summary>
public sealed record PurchaseStatistics(
    int Frequency,
    int Recency,
    int Monetary,
    int Overall,
    string Stores,
    bool OnlineShopper,
    bool OfflineShopper,
    decimal AverageBasketValue,
    int? DaysSinceLastPurchase,
    int NumberOfPurchases)
{
    public static readonly PurchaseStatistics None = new(0, 0, 0, 0, "", false, false, 0m, null, 0);

    /// <summary>Days since the last purchase at or below which recency scores 5, 4, 3, 2 (else 1).</summary>
    private static readonly int[] RecencyDays = [30, 90, 180, 365];

    /// <summary>Purchases in the last 365 days at or above which frequency scores 5, 4, 3, 2 (else 1).</summary>
    private static readonly int[] FrequencyCounts = [12, 6, 3, 2];

    /// <summary>Spend in the last 365 days (chain currency) at or above which monetary scores 5, 4, 3, 2 (else 1).</summary>
    private static readonly decimal[] MonetaryAmounts = [1000m, 400m, 150m, 50m];

    public static PurchaseStatistics From(IReadOnlyCollection<PurchaseRecord> purchases, DateTime nowUtc)
    {
        if (purchases.Count == 0)
        {
            return None;
        }
        var last = purchases.Max(p => p.PurchasedAtUtc);
        var days = Math.Max(0, (int)(nowUtc.Date - last.Date).TotalDays);
        var yearAgo = nowUtc.AddDays(-365);
        var lastYear = purchases.Where(p => p.PurchasedAtUtc > yearAgo).ToList();

        var recency = Score(RecencyDays.Select(d => days <= d));
        // A member who bought, but not this year, still scores the lowest band rather than 0.
        var frequency = Score(FrequencyCounts.Select(c => lastYear.Count >= c));
        var monetary = Score(MonetaryAmounts.Select(a => lastYear.Sum(p => p.Total) >= a));
        var stores = string.Join(",", purchases.Where(p => p.StoreId is not null).Select(p => p.StoreId!.Value).Distinct().Order());
        var average = decimal.Round(purchases.Sum(p => p.Total) / purchases.Count, 2, MidpointRounding.AwayFromZero);
        return new PurchaseStatistics(
            frequency,
            recency,
            monetary,
            (100 * recency) + (10 * frequency) + monetary,
            stores,
            purchases.Any(p => p.Online),
            purchases.Any(p => !p.Online),
            average,
            days,
            purchases.Count);
    }

    /// <summary>5 for the first band that holds, down to 1 when none does.</summary>
    private static int Score(IEnumerable<bool> bands)
    {
        var score = 5;
        foreach (var holds in bands)
        {
            if (holds)
            {
                return score;
            }
            score--;
        }
        return 1;
    }
}
