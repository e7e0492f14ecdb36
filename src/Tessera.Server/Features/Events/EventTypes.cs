namespace Tessera.Server.Features.Events;

/// <summary>
/// Event types as the spec's webhooks name them (the <c>type</c> of each webhook body); webhook endpoints subscribe
/// to these names. Bodies are built by <see cref="EventBodies"/>; see docs/adr/0032-events-are-the-spec-webhook-bodies-written-with-their-change.md.
/// </summary>
public static class EventTypes
{
    /// <summary>Spec "User webhook": a member was created.</summary>
    public const string ShopperCreated = "shopper.created";

    /// <summary>Spec "User webhook": the programme opt-in changed.</summary>
    public const string ShopperOptedIn = "shopper.opted-in";

    /// <summary>
    /// Tessera's further user event in the spec's style (body as the user webhook's): the member was deleted (its
    /// personal fields obfuscated, spec delete-user). Integrators that keep copies of members erase theirs on it.
    /// </summary>
    public const string ShopperDeleted = "shopper.deleted";

    /// <summary>Spec "Status level webhook".</summary>
    public const string ShopperLoyaltyLevelChanged = "shopper.loyalty-level-changed";

    /// <summary>Spec "Voucher webhook": a voucher was issued to a member, whatever issued it.</summary>
    public const string ShopperVoucherIssued = "shopper.voucher-issued";

    /// <summary>Spec "Points or wallet webhook": points or wallet money awarded or removed.</summary>
    public const string ShopperPointsMutation = "shopper.points-mutation";

    /// <summary>Spec "Receipts Webhook": the body is the receipt object itself.</summary>
    public const string ReceiptCreated = "receipt.created";
}
