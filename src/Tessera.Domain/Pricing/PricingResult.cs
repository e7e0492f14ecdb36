namespace Tessera.Domain.Pricing;

public sealed record PricingResult(IReadOnlyList<AppliedVoucher> Vouchers, long[] ItemAdjustedCents, long TotalCents, long AdjustedTotalCents);

/// <summary>What one voucher redeemed, and on which items.</summary>
public sealed record AppliedVoucher(long RedeemedCents, long[] PerItemCents);
