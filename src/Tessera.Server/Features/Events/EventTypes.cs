namespace Tessera.Server.Features.Events;

/// <summary>
/// Event types as the spec's webhooks name them (the <c>type</c> of each webhook body); webhook endpoints subscribe
/// to these names. Until every producer writes the spec's bodies, the old Tessera names below are still emitted.
/// </summary>
public static class EventTypes
{
    /// <summary>Spec "User webhook": a member was created.</summary>
    public const string ShopperCreated = "shopper.created";

    /// <summary>Spec "User webhook": the programme opt-in changed.</summary>
    public const string ShopperOptedIn = "shopper.opted-in";

    /// <summary>Spec "Status level webhook".</summary>
    public const string ShopperLoyaltyLevelChanged = "shopper.loyalty-level-changed";

    /// <summary>Spec "Voucher webhook": a voucher was issued to a member, whatever issued it.</summary>
    public const string ShopperVoucherIssued = "shopper.voucher-issued";

    /// <summary>Spec "Points or wallet webhook": points or wallet money awarded or removed.</summary>
    public const string ShopperPointsMutation = "shopper.points-mutation";

    /// <summary>Spec "Receipts Webhook": the body is the receipt object itself.</summary>
    public const string ReceiptCreated = "receipt.created";

    public const string MemberCreated = "member.created";
    public const string MemberOptInChanged = "member.opt_in_changed";
    public const string MemberLoyaltyLevelChanged = "member.loyalty_level_changed";
    public const string MemberDeleted = "member.deleted";
}
