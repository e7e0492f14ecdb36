namespace Tessera.Server.Data.Entities;

/// <summary>A retailer: the tenant every other row belongs to.</summary>
public sealed class Chain
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public int CurrencyId { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>
    /// spec returns: when a returned line had a basket voucher spent on it, the refunded value becomes a new
    /// voucher; with this setting it is redeemed at once on the purchase lines of the returning basket.
    /// </summary>
    public bool RedeemRegeneratedRewards { get; set; }

    /// <summary>
    /// spec member_number: when the chain "opts to allow for anonymous returns", a basket whose shopper is not
    /// identified and that returns an item of a member's basket named by its code is that member's basket.
    /// </summary>
    public bool AllowAnonymousReturns { get; set; }

    /// <summary>
    /// The chain's time zone (an IANA name such as <c>Europe/Amsterdam</c>; UTC unless set): its calendar, on which
    /// birthday campaigns pay. Not part of the Spaaza API; set by the operator.
    /// </summary>
    public string TimeZone { get; set; } = "UTC";
    /// <summary>Receipts (spec receipt object, chain and template_content): settings with no other API (admin set-receipt-settings, CLI chain-settings).</summary>
    public string? ReceiptLogoUrl { get; set; }
    public string? ReceiptWebsiteUrl { get; set; }
    public string? ReceiptEmail { get; set; }
    public bool ReceiptsServiceActive { get; set; }
    public string? ReceiptSubject { get; set; }
    public string? ReceiptBackgroundColor { get; set; }
}
