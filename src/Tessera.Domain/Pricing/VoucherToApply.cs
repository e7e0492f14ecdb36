namespace Tessera.Domain.Pricing;

/// <summary>
/// A basket voucher to apply: a fixed amount or a ratio (thousandths), whether its campaign lets it spend on
/// promotional items, and an optional distribution the client supplied (item index → hundredths).
/// </summary>
public sealed record VoucherToApply(long? AmountCents, int? RatioMilli, bool SpendOnPromotionalItems, IReadOnlyDictionary<int, long>? ClientDistribution = null);
