using Tessera.Server.Data.Entities;

namespace Tessera.Server.Features.Baskets.Returns;

/// <summary>The part of a basket voucher spent on the returned units, given back (spec: voucher_distribution_refunds).</summary>
public sealed record Refund(Voucher Voucher, Campaign? Campaign, long Cents);

/// <summary>The part of a wallet credit earned on the returned units, taken back (spec: purchase_progress_distribution_reclaims).</summary>
public sealed record Reclaim(int UserId, EarnedPart Earned, Campaign Wallet, long Cents)
{
    public LedgerEntry? Entry { get; set; }
}

/// <summary>A voucher regenerated for a refund (spec: regenerated_rewards, parent_voucher).</summary>
public sealed record Regenerated(ReturnLine Return, Refund Refund);
