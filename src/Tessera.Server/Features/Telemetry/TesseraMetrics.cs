using System.Diagnostics.Metrics;
using Tessera.Server.Features.Baskets;

namespace Tessera.Server.Features.Telemetry;

/// <summary>
/// Tessera's own metrics (meter <c>Tessera</c>), beside ASP.NET Core's, HttpClient's, Npgsql's and the runtime's:
/// what a retailer watches. Counted after the change committed, so a retried or refused basket counts once or not.
/// </summary>
public sealed class TesseraMetrics
{
    public const string MeterName = "Tessera";

    private readonly Counter<long> _baskets;
    private readonly Counter<long> _vouchersRedeemed;
    private readonly Counter<long> _walletCredited;
    private readonly Counter<long> _webhookDeliveries;

    public TesseraMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _baskets = meter.CreateCounter<long>("tessera.baskets.stored", "{basket}", "Confirmed baskets stored by add-basket (replays not counted).");
        _vouchersRedeemed = meter.CreateCounter<long>("tessera.vouchers.redeemed", "{voucher}", "Vouchers redeemed in stored baskets.");
        _walletCredited = meter.CreateCounter<long>("tessera.wallet.credited", "{minor_unit}",
            "Points (wallet_type=points) or wallet money in cents (wallet_type=wallet) credited by stored baskets.");
        _webhookDeliveries = meter.CreateCounter<long>("tessera.webhook.deliveries", "{delivery}", "Webhook delivery attempts by outcome.");
    }

    /// <summary>A confirmed basket committed.</summary>
    public void BasketStored(PricedBasket basket)
    {
        _baskets.Add(1);
        var vouchers = basket.Vouchers.Count + basket.Lines.Sum(l => l.ItemVouchers.Count);
        if (vouchers > 0)
        {
            _vouchersRedeemed.Add(vouchers);
        }
        foreach (var earned in basket.Earned)
        {
            if (earned.TotalCents != 0)
            {
                _walletCredited.Add(earned.TotalCents, new KeyValuePair<string, object?>("wallet_type", earned.Wallet.Type));
            }
        }
    }

    /// <summary>One attempt to deliver a webhook: <paramref name="outcome"/> is <c>success</c>, <c>failure</c> or <c>gave_up</c>.</summary>
    public void WebhookDelivery(string outcome) => _webhookDeliveries.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}
