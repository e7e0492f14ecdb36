using Tessera.Server.Data.Entities;

namespace Tessera.Server.Features.Ledger;

/// <summary>
/// One mutation of a member's wallet, before it is posted. <see cref="AllowNegativeBalance"/> lets a debit take the
/// balance below zero whatever the wallet says: a return reclaims a credit that may already have been spent.
/// <see cref="VoucherId"/> names the voucher the posting paid for or that gave its value back (its points-mutation event shows it).
/// </summary>
public sealed record Posting(
    int UserId,
    Campaign Wallet,
    long AmountCents,
    string Kind,
    int? ContributingCampaignId = null,
    string? LogMessage = null,
    int? MutationOwnerId = null,
    bool OwnerIsSuperUser = false,
    long? BasketId = null,
    long? ReceiptId = null,
    string? RetailerBasketCode = null,
    bool AllowNegativeBalance = false,
    long? VoucherId = null);
