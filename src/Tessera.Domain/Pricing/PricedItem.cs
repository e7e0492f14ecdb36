namespace Tessera.Domain.Pricing;

/// <summary>An item of a basket as pricing sees it: its line subtotal (hundredths) and its flags.</summary>
public readonly record struct PricedItem(long SubtotalCents, bool Promotional = false, bool Excluded = false);
