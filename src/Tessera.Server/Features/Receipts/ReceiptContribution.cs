namespace Tessera.Server.Features.Receipts;

/// <summary>spec wallet contributions: a campaign that added value to the wallet with this basket.</summary>
public sealed record ReceiptContribution(string CampaignTitle, long Cents);
