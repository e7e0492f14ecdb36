using System.Text.Json.Nodes;
using Tessera.Domain.Ledger;

namespace Tessera.Server.Features.Campaigns;

/// <summary>The settings of a wallet campaign that the ledger obeys.</summary>
public sealed record WalletSettings(bool BalanceCanSubzero, long? MaxManualDailyCents, string RoundingStrategy, int RoundingPrecision, bool IsRedeemable)
{
    public static WalletSettings From(JsonObject config) => new(
        config["balance_can_subzero"]?.GetValue<bool>() ?? false,
        config["max_manual_daily_amount"] is JsonValue max && max.TryGetValue<decimal>(out var amount) && Cents.TryFromDecimal(decimal.Round(amount, 2), out var cents) ? cents : null,
        config["rounding_strategy"]?.GetValue<string>() ?? Rounding.RoundDown,
        config["rounding_precision"] is JsonValue precision && precision.TryGetValue<int>(out var p) ? p : Cents.Scale,
        config["is_redeemable"]?.GetValue<bool>() ?? true);
}
